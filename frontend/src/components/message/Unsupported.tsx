/** A kind the archive keeps but cannot show. */
export function Unsupported({ kind }: { kind?: string }) {
  return (
    <div className="msg-text msg-muted" data-testid="message-unsupported">
      Unsupported message{kind ? ` (${kind})` : ''}: open it on your phone
    </div>
  );
}
