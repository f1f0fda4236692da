import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { formatWhatsApp, type FormatOptions } from './wa-format';

const html = (text: string, opts?: FormatOptions) => {
  const { container } = render(<div>{formatWhatsApp(text, opts)}</div>);
  return container.firstElementChild as HTMLElement;
};

describe('formatWhatsApp inline markers', () => {
  it('bold, italic, strike and inline code', () => {
    const el = html('a *bold* b _it_ c ~gone~ d `x = 1`');
    expect(el.querySelector('strong')?.textContent).toBe('bold');
    expect(el.querySelector('em')?.textContent).toBe('it');
    expect(el.querySelector('del')?.textContent).toBe('gone');
    expect(el.querySelector('code')?.textContent).toBe('x = 1');
    expect(el.textContent).toBe('a bold b it c gone d x = 1');
  });

  it('nests markers', () => {
    const el = html('*bold _and italic_ ~and struck~*');
    const b = el.querySelector('strong');
    expect(b?.querySelector('em')?.textContent).toBe('and italic');
    expect(b?.querySelector('del')?.textContent).toBe('and struck');
    expect(html('_*both*_').querySelector('em > strong')?.textContent).toBe('both');
  });

  it('leaves unbalanced or misplaced markers as text', () => {
    for (const s of ['*open', 'close*', 'a * spaced * b', 'a*b*c', '2*3*4', '**', '_', 'snake_case_name', '*x\ny*', '~ ~']) {
      const el = html(s);
      expect(el.querySelector('strong,em,del'), s).toBeNull();
      expect(el.textContent, s).toBe(s);
    }
  });

  it('markers next to punctuation still work', () => {
    const el = html('(*yes*), "_quoted_".');
    expect(el.querySelector('strong')?.textContent).toBe('yes');
    expect(el.querySelector('em')?.textContent).toBe('quoted');
  });

  it('does not format inside inline code', () => {
    const el = html('`*not bold*`');
    expect(el.querySelector('strong')).toBeNull();
    expect(el.querySelector('code')?.textContent).toBe('*not bold*');
  });
});

describe('formatWhatsApp blocks', () => {
  it('monospace blocks keep their text verbatim', () => {
    const el = html('before\n```\nconst a = *b*;\n  <i>x</i>\n```\nafter');
    const pre = el.querySelector('pre');
    expect(pre?.textContent).toBe('const a = *b*;\n  <i>x</i>\n');
    expect(pre?.querySelector('strong,i')).toBeNull();
    expect(el.textContent).toContain('before');
    expect(el.textContent).toContain('after');
  });

  it('an unclosed ``` is text', () => {
    const el = html('```open');
    expect(el.querySelector('pre')).toBeNull();
    expect(el.textContent).toBe('```open');
  });

  it('quotes, bullet and numbered lists', () => {
    const el = html('> quoted *line*\n> second\n- one\n* two\n3. three\n4. four\nplain');
    expect(el.querySelector('blockquote')?.textContent).toBe('quoted line\nsecond');
    expect(el.querySelector('blockquote strong')?.textContent).toBe('line');
    expect([...el.querySelectorAll('ul li')].map((li) => li.textContent)).toEqual(['one', 'two']);
    const ol = el.querySelector('ol');
    expect(ol?.getAttribute('start')).toBe('3');
    expect([...el.querySelectorAll('ol li')].map((li) => li.textContent)).toEqual(['three', 'four']);
    expect(el.textContent).toContain('plain');
  });

  it('keeps line breaks of plain text', () => {
    expect(html('a\n\nb').textContent).toBe('a\n\nb');
  });
});

describe('formatWhatsApp links and mentions', () => {
  it('links http(s) and www URLs, without trailing punctuation', () => {
    const el = html('see https://example.com/a_b_c?x=1, or www.example.org.');
    const links = [...el.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://example.com/a_b_c?x=1', 'https://www.example.org/']);
    expect(links[0].textContent).toBe('https://example.com/a_b_c?x=1');
    for (const a of links) {
      expect(a.getAttribute('rel')).toBe('noopener noreferrer');
      expect(a.getAttribute('target')).toBe('_blank');
    }
    expect(el.querySelector('em')).toBeNull();
  });

  it('links inside bold', () => {
    const a = html('*go to https://example.com*').querySelector('strong a');
    expect(a?.getAttribute('href')).toBe('https://example.com/');
  });

  it('never links other schemes', () => {
    for (const s of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<script>x</script>', 'vbscript:x', 'file:///etc/passwd']) {
      const el = html(s);
      expect(el.querySelector('a'), s).toBeNull();
      expect(el.textContent, s).toBe(s);
    }
    expect(html('https://javascript:alert(1)').querySelector('a[href^="javascript"]')).toBeNull();
  });

  it('resolves mentions listed in the content only', () => {
    const el = html('hi @15551234567 and @15550000000', {
      mentions: ['15551234567@s.whatsapp.net'],
      names: { '15551234567@s.whatsapp.net': 'Ada' },
    });
    const m = el.querySelectorAll('.wa-mention');
    expect(m).toHaveLength(1);
    expect(m[0].textContent).toBe('@Ada');
    expect(el.textContent).toBe('hi @Ada and @15550000000');
    expect(html('@15551234567', { mentions: ['15551234567@s.whatsapp.net'] }).textContent).toBe('@+15551234567');
  });
});

describe('formatWhatsApp injection', () => {
  it('renders markup as text', () => {
    const evil = '<script>window.__x=1</script> <img src=x onerror=alert(1)> &lt;b&gt; &amp;';
    const el = html(`*${evil}*`);
    expect(el.querySelector('script,img,b')).toBeNull();
    expect(el.querySelector('strong')?.textContent).toBe(evil);
  });

  it('does not decode entities', () => {
    expect(html('&#60;script&#62;').textContent).toBe('&#60;script&#62;');
  });

  it('keeps quotes and angle brackets out of hrefs', () => {
    const a = html('https://example.com/"onmouseover="x<b>').querySelector('a');
    expect(a?.getAttribute('href')).toBe('https://example.com/');
    expect(a?.getAttributeNames().sort()).toEqual(['class', 'href', 'rel', 'target']);
  });

  it('handles empty and huge input', () => {
    expect(html('').textContent).toBe('');
    const long = '*a* '.repeat(2000);
    expect(html(long).querySelectorAll('strong')).toHaveLength(2000);
  });
});
