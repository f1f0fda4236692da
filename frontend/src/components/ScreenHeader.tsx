import type { ReactNode } from 'react';

export function ScreenHeader({ title, subtitle, actions }: { title: string; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="screen-header">
      <div className="screen-header-text">
        <h1>{title}</h1>
        {subtitle ? <div className="screen-subtitle">{subtitle}</div> : null}
      </div>
      {actions ? <div className="screen-actions">{actions}</div> : null}
    </header>
  );
}
