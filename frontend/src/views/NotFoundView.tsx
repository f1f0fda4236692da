import { EmptyState } from '../components/EmptyState';

export function NotFoundView() {
  return (
    <div className="screen" data-testid="screen-notfound">
      <EmptyState title="There is no such screen">
        <a className="btn" href="#/chats">
          Go to chats
        </a>
      </EmptyState>
    </div>
  );
}
