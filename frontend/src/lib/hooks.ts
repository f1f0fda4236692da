import { useCallback, useEffect, useRef, useState } from 'react';
import { toApiError, type ApiError } from './api-error';
import { useBackend } from './context';
import type { AppEvent } from './types';

export interface Load<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

/** Runs an async loader when deps change; a failing call becomes `error`, never a crash. */
export function useLoad<T>(fn: () => Promise<T>, deps: unknown[]): Load<T> {
  const [state, setState] = useState<{ data: T | null; error: ApiError | null; loading: boolean }>({
    data: null,
    error: null,
    loading: true,
  });
  const [tick, setTick] = useState(0);
  const fnRef = useRef(fn);
  fnRef.current = fn;
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    fnRef.current().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (err) => live && setState((s) => ({ data: s.data, error: toApiError(err), loading: false })),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

/** Subscribes to backend events of the given types for the component's lifetime. */
export function useEvents(types: string[] | null, cb: (ev: AppEvent) => void): void {
  const backend = useBackend();
  const cbRef = useRef(cb);
  cbRef.current = cb;
  const key = types ? types.join(',') : '*';
  useEffect(() => {
    const wanted = types ? new Set(types) : null;
    return backend.onEvent((ev) => {
      if (!wanted || wanted.has(ev.event_type)) cbRef.current(ev);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [backend, key]);
}

export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/**
 * Returns a function that runs `fn` once, `ms` after the last call — but at least every `maxWait` ms
 * while calls keep coming, so a steady stream of events still refreshes.
 */
export function useDebouncedCallback(fn: () => void, ms: number, maxWait = Infinity): () => void {
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const first = useRef<number | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return useCallback(() => {
    const now = Date.now();
    if (first.current === null) first.current = now;
    if (timer.current) clearTimeout(timer.current);
    const wait = Math.max(0, Math.min(ms, first.current + maxWait - now));
    timer.current = setTimeout(() => {
      timer.current = null;
      first.current = null;
      fnRef.current();
    }, wait);
  }, [ms, maxWait]);
}

/** Current time, re-rendering every `ms` while `active`. */
export function useNow(ms = 1000, active = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms, active]);
  return now;
}

export interface Action {
  busy: boolean;
  error: ApiError | null;
  /** Runs fn, tracking busy and keeping the failure (the server's words) in `error`; resolves to fn's value or undefined. */
  run: <T>(fn: () => Promise<T>) => Promise<T | undefined>;
  clear: () => void;
}

/** A user-started call (a button) with its busy flag and inline error. */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const live = useRef(true);
  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);
  const run = useCallback(async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await fn();
    } catch (err) {
      if (live.current) setError(toApiError(err));
      return undefined;
    } finally {
      if (live.current) setBusy(false);
    }
  }, []);
  const clear = useCallback(() => setError(null), []);
  return { busy, error, run, clear };
}
