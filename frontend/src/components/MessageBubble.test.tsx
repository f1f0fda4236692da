import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Message } from '../lib/types';
import { MessageBubble } from './MessageBubble';

const base: Message = {
  id: 'm1',
  chat_jid: '123-456@g.us',
  sender: '15551234567@s.whatsapp.net',
  sender_name: 'Mallory',
  from_me: false,
  timestamp: '2025-01-10T12:00:00Z',
  text: '',
  type: 'text',
  edited: false,
  deleted: false,
};

describe('MessageBubble security', () => {
  it('renders hostile text literally, with no img element', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const { container } = render(
      <MessageBubble message={{ ...base, text: evil, sender_name: '<img src=y onerror=alert(2)>' }} showSender />,
    );
    expect(container.querySelector('img')).toBeNull();
    expect(document.querySelector('img')).toBeNull();
    expect(screen.getByText(evil)).toBeTruthy();
    expect(screen.getByText('<img src=y onerror=alert(2)>')).toBeTruthy();
  });

  it('keeps hostile media file names as text', () => {
    const { container } = render(
      <MessageBubble
        message={{ ...base, media: { kind: 'document', file_name: '<svg onload=alert(1)>.pdf', size: 2048, duration: 0 } }}
        showSender={false}
      />,
    );
    expect(container.querySelector('svg[onload], svg:not(.msg-icon)')).toBeNull();
    expect(screen.getByText('<svg onload=alert(1)>.pdf')).toBeTruthy();
    expect(screen.getByText('document · 2 KB')).toBeTruthy();
  });
});

describe('MessageBubble markers', () => {
  it('shows media placeholder, edited and deleted markers, sender in groups', () => {
    const { rerender } = render(
      <MessageBubble
        message={{ ...base, text: 'look', edited: true, media: { kind: 'image', file_name: 'file.jpg', size: 1_200_000, duration: 0 } }}
        showSender
      />,
    );
    expect(screen.getByText('file.jpg')).toBeTruthy();
    expect(screen.getByText('photo · 1.2 MB')).toBeTruthy();
    expect(screen.getByText('edited')).toBeTruthy();
    expect(screen.getByText('Mallory')).toBeTruthy();
    rerender(<MessageBubble message={{ ...base, text: 'gone', deleted: true }} showSender={false} />);
    expect(screen.getByText('This message was deleted')).toBeTruthy();
    expect(screen.queryByText('gone')).toBeNull();
    expect(screen.queryByText('Mallory')).toBeNull();
  });
});
