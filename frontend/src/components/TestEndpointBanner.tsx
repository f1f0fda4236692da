/**
 * Says the app is not talking to WhatsApp: either a demo (make demo: a built-in
 * fake WhatsApp with generated chats) or a test endpoint (WASYNC_WA_*).
 */
export function TestEndpointBanner({ demo = false }: { demo?: boolean }) {
  if (demo) {
    return (
      <div className="banner banner-demo" role="status" data-testid="demo-banner">
        Demo: a built-in fake WhatsApp with generated chats. Nothing here is real, and your own data is untouched.
      </div>
    );
  }
  return (
    <div className="banner banner-warn" role="status" data-testid="test-endpoint-banner">
      Connected to a test WhatsApp endpoint (WASYNC_WA_*)
    </div>
  );
}
