import { describe, expect, it } from 'vitest';

// Every UI source file as text (Vite's glob import; test files are left out below).
const files = import.meta.glob<string>(['./**/*.ts', './**/*.tsx'], { query: '?raw', import: 'default', eager: true });

describe('no HTML injection sinks in the UI source', () => {
  it('never uses innerHTML, outerHTML, insertAdjacentHTML, dangerouslySetInnerHTML or eval', () => {
    const src = Object.entries(files).filter(([path]) => !/\.test\.tsx?$/.test(path) && !path.startsWith('./test/'));
    expect(src.length).toBeGreaterThan(10);
    const bad = /\b(innerHTML|outerHTML|insertAdjacentHTML|dangerouslySetInnerHTML|document\.write|eval)\b|new Function\(/;
    for (const [path, text] of src) expect(text, path).not.toMatch(bad);
  });
});
