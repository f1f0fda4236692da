import type { LinkPreview as Preview } from '../../lib/types';
import { SafeLink } from './SafeLink';

const host = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

/** The preview card of a text's first link: title, description, host. */
export function LinkPreview({ preview: p }: { preview: Preview }) {
  if (!p.title && !p.description) return null;
  return (
    <SafeLink href={p.url} className="msg-link-preview">
      <span className="msg-link-preview-body" data-testid="message-link-preview">
        {p.title ? <span className="msg-link-title">{p.title}</span> : null}
        {p.description ? <span className="msg-link-description">{p.description}</span> : null}
        {p.url ? <span className="msg-link-host">{host(p.url)}</span> : null}
      </span>
    </SafeLink>
  );
}
