import { errorText } from '../lib/api-error';

export function ErrorText({ error, prefix, testId }: { error: unknown; prefix?: string; testId?: string }) {
  if (!error) return null;
  return (
    <p className="error-text" role="alert" data-testid={testId}>
      {prefix ? `${prefix}: ` : ''}
      {errorText(error)}
    </p>
  );
}
