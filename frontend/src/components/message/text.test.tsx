import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { MessageBubble } from '../MessageBubble';
import { msg } from './fixtures';

describe('text kinds', () => {
  it('formats text and links safely', () => {
    const { container } = render(
      <MessageBubble message={msg('text', null, { text: '*hi* <script>alert(1)</script> https://example.com' })} showSender={false} />,
    );
    expect(screen.getByText('hi').tagName).toBe('STRONG');
    expect(container.querySelector('script')).toBeNull();
    expect(container.textContent).toContain('<script>alert(1)</script>');
    expect(container.querySelector('a')?.getAttribute('href')).toBe('https://example.com/');
  });

  it('shows mentions by the names the API lists, and a number when it lists none', () => {
    const { container } = render(
      <MessageBubble
        message={msg(
          'text',
          {
            mentions: ['15551234567@s.whatsapp.net', '15550000001@s.whatsapp.net'],
            mention_names: { '15551234567@s.whatsapp.net': 'Alice' },
          },
          { text: 'hi @15551234567 and @15550000001' },
        )}
        showSender={false}
      />,
    );
    const shown = [...container.querySelectorAll('.wa-mention')].map((e) => e.textContent);
    expect(shown).toEqual(['@Alice', '@+15550000001']);
    expect(container.textContent).not.toContain('@15551234567');
  });

  it('quoted reply from the content when the original is not loaded', () => {
    render(
      <MessageBubble
        message={msg('text', { quoted: { id: 'q1', sender: '15550101@s.whatsapp.net', text: 'the question' } }, { text: 'the answer', quoted_id: 'q1' })}
        showSender={false}
      />,
    );
    expect(screen.getByText('the question')).toBeTruthy();
    expect(screen.getByText('+15550101')).toBeTruthy();
  });

  it('link preview card with title, description and host, http(s) only', () => {
    const { container, rerender } = render(
      <MessageBubble
        message={msg('text', { link_preview: { url: 'https://example.com/x', title: 'Example', description: 'A page' } }, { text: 'https://example.com/x' })}
        showSender={false}
      />,
    );
    expect(screen.getByText('Example')).toBeTruthy();
    expect(screen.getByText('A page')).toBeTruthy();
    expect(screen.getByText('example.com')).toBeTruthy();
    rerender(
      <MessageBubble message={msg('text', { link_preview: { url: 'javascript:alert(1)', title: 'Evil' } }, { text: 'x' })} showSender={false} />,
    );
    expect(screen.getByText('Evil').closest('a')).toBeNull();
    expect(container.querySelector('a[href^="javascript"]')).toBeNull();
  });

  it('forwarded, forwarded many times, view once, disappearing', () => {
    const { rerender } = render(
      <MessageBubble message={msg('text', { forwarded: true, forward_score: 1, view_once: true, ephemeral: 86400 }, { text: 'x' })} showSender={false} />,
    );
    expect(screen.getByText('↪ Forwarded')).toBeTruthy();
    expect(screen.getByText('① View once')).toBeTruthy();
    expect(screen.getByText('⏱ 1 d')).toBeTruthy();
    rerender(<MessageBubble message={msg('text', { forwarded: true, forward_score: 5 }, { text: 'x' })} showSender={false} />);
    expect(screen.getByText('↪ Forwarded many times')).toBeTruthy();
  });

  it('status ticks on my messages only, starred marker', () => {
    const { rerender } = render(
      <MessageBubble message={msg('text', { status: 'read' }, { text: 'x', from_me: true, starred: true })} showSender={false} />,
    );
    expect(screen.getByLabelText('Read').className).toContain('read');
    expect(screen.getByLabelText('Starred')).toBeTruthy();
    rerender(<MessageBubble message={msg('text', { status: 'delivered' }, { text: 'x' })} showSender={false} />);
    expect(screen.queryByLabelText('Delivered')).toBeNull();
  });

  it('system notice is a centred chip, not a bubble', () => {
    const { container } = render(
      <MessageBubble
        message={msg('system', { kind: 'GROUP_PARTICIPANT_ADD', system: { kind: 'GROUP_PARTICIPANT_ADD' } }, { text: 'Ada added Bo' })}
        showSender
      />,
    );
    expect(screen.getByTestId('message-system').textContent).toBe('Ada added Bo');
    expect(container.querySelector('.msg-bubble')).toBeNull();
  });

  it('unsupported names its kind', () => {
    render(<MessageBubble message={msg('unsupported', { kind: 'paymentInviteMessage' })} showSender={false} />);
    expect(screen.getByText('Unsupported message (paymentInviteMessage): open it on your phone')).toBeTruthy();
  });

  it('media placeholder with kind, name, duration and size, plus caption', () => {
    const { rerender } = render(
      <MessageBubble
        message={msg('document', { media: { pages: 3 } }, { text: 'the report', media: { kind: 'document', file_name: 'r.pdf', size: 5000, duration: 0 } })}
        showSender={false}
      />,
    );
    expect(screen.getByText('r.pdf')).toBeTruthy();
    expect(screen.getByText('document · 3 pages · 5 KB')).toBeTruthy();
    expect(screen.getByText('the report')).toBeTruthy();
    rerender(
      <MessageBubble
        message={msg('video_note', { media: { round_video: true } }, { media: { kind: 'video', file_name: '', size: 90000, duration: 12 } })}
        showSender={false}
      />,
    );
    expect(screen.getByText('video message · 0:12 · 90 KB')).toBeTruthy();
  });
});
