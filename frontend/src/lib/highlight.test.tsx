import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Highlight } from '../components/Highlight';
import { splitSnippet } from './highlight';

const S = '\u0002';
const E = '\u0003';

describe('splitSnippet', () => {
  it('splits marked matches', () => {
    expect(splitSnippet(`say ${S}hello${E} to ${S}you${E}!`)).toEqual([
      { text: 'say ', match: false },
      { text: 'hello', match: true },
      { text: ' to ', match: false },
      { text: 'you', match: true },
      { text: '!', match: false },
    ]);
  });

  it('handles no marks, empty, unterminated and stray end marks', () => {
    expect(splitSnippet('plain')).toEqual([{ text: 'plain', match: false }]);
    expect(splitSnippet('')).toEqual([]);
    expect(splitSnippet(`a${S}b`)).toEqual([
      { text: 'a', match: false },
      { text: 'b', match: true },
    ]);
    expect(splitSnippet(`a${E}b`)).toEqual([{ text: 'ab', match: false }]);
    expect(splitSnippet(`${S}${E}x`)).toEqual([{ text: 'x', match: false }]);
  });
});

describe('<Highlight>', () => {
  it('wraps matches in <mark> and never interprets HTML', () => {
    const { container } = render(
      <Highlight snippet={`<b>bold</b> ${S}<img src=x onerror=alert(1)>${E} <script>alert(2)</script>`} />,
    );
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
    const marks = container.querySelectorAll('mark');
    expect(marks).toHaveLength(1);
    expect(marks[0].textContent).toBe('<img src=x onerror=alert(1)>');
    expect(container.textContent).toBe('<b>bold</b> <img src=x onerror=alert(1)> <script>alert(2)</script>');
    expect(container.textContent).not.toContain(S);
  });
});
