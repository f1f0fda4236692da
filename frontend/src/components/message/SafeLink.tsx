import type { ReactNode } from 'react';
import { safeHref } from '../../lib/safe-url';

/** A link that opens outside the app; anything but http(s) is shown as plain text. */
export function SafeLink({ href, children, className }: { href?: string; children: ReactNode; className?: string }) {
  const safe = safeHref(href);
  if (!safe) return <span className={className}>{children}</span>;
  return (
    <a href={safe} target="_blank" rel="noopener noreferrer" className={className}>
      {children}
    </a>
  );
}
