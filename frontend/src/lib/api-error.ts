/** The one error type views see, whatever the transport. `message` is the server's own words. */
export class ApiError extends Error {
  readonly code: number;

  constructor(code: number, message: string) {
    super(message || 'Something went wrong');
    this.name = 'ApiError';
    this.code = code;
  }

  get unauthorized(): boolean {
    return this.code === 401;
  }
}

/** Normalise anything thrown or rejected (Wails rejects with a plain string) into an ApiError. */
export function toApiError(err: unknown, fallbackCode = 0): ApiError {
  if (err instanceof ApiError) return err;
  if (typeof err === 'string') return new ApiError(fallbackCode, err);
  if (err instanceof Error) return new ApiError(fallbackCode, err.message);
  if (err && typeof err === 'object') {
    const o = err as Record<string, unknown>;
    const code = typeof o.code === 'number' ? o.code : fallbackCode;
    const msg =
      (typeof o.error === 'string' && o.error) ||
      (typeof o.message === 'string' && o.message) ||
      '';
    if (msg) return new ApiError(code, msg);
  }
  return new ApiError(fallbackCode, 'Something went wrong');
}

export function errorText(err: unknown): string {
  return toApiError(err).message;
}
