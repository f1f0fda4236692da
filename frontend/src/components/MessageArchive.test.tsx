import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Message, MessageVersionList } from '../lib/types';
import { MessageBubble } from './MessageBubble';

const base: Message = {
  id: 'm1',
  chat_jid: '555@s.whatsapp.net',
  sender: '555@s.whatsapp.net',
  sender_name: 'Alice',
  from_me: false,
  timestamp: '2025-01-10T12:00:00Z',
  text: '',
  type: 'text',
  edited: false,
  deleted: false,
};

describe('kept content', () => {
  it('a deleted message says so and reveals what it said on request, as text', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const { container } = render(<MessageBubble message={{ ...base, text: evil, deleted: true }} showSender={false} />);
    expect(screen.getByTestId('message-deleted').textContent).toContain('This message was deleted');
    expect(screen.queryByText(evil)).toBeNull();
    fireEvent.click(screen.getByTestId('message-reveal'));
    expect(screen.getByText(evil)).toBeTruthy();
    expect(container.querySelector('img')).toBeNull();
    fireEvent.click(screen.getByTestId('message-reveal'));
    expect(screen.queryByText(evil)).toBeNull();
  });

  it('offers no reveal when the setting hides deleted content', () => {
    render(<MessageBubble message={{ ...base, text: 'secret', deleted: true }} showSender={false} hideDeleted />);
    expect(screen.getByTestId('message-deleted')).toBeTruthy();
    expect(screen.queryByTestId('message-reveal')).toBeNull();
    expect(screen.queryByText('secret')).toBeNull();
  });

  it('offers no reveal when the backend sent no content', () => {
    render(<MessageBubble message={{ ...base, deleted: true, type: 'deleted' }} showSender={false} />);
    expect(screen.queryByTestId('message-reveal')).toBeNull();
  });

  it('edited opens the earlier versions, loaded once', async () => {
    const list: MessageVersionList = {
      chat_jid: base.chat_jid,
      message_id: 'm1',
      deleted: false,
      versions: [
        { text: 'first <b>try</b>', timestamp: '2025-01-10T12:00:00Z', original: true, current: false },
        { text: 'now right', timestamp: '2025-01-10T12:05:00Z', original: false, current: true },
      ],
    };
    const load = vi.fn(() => Promise.resolve(list));
    render(
      <MessageBubble message={{ ...base, text: 'now right', edited: true, edit_count: 1 }} showSender={false} loadVersions={load} />,
    );
    expect(screen.queryByTestId('message-versions')).toBeNull();
    fireEvent.click(screen.getByTestId('message-edited'));
    await waitFor(() => expect(screen.getAllByTestId('message-version')).toHaveLength(1));
    expect(load).toHaveBeenCalledWith('m1');
    expect(screen.getByText('first <b>try</b>')).toBeTruthy();
    expect(screen.getByTestId('message-version').textContent).toContain('Original');
    fireEvent.click(screen.getByTestId('message-edited'));
    expect(screen.queryByTestId('message-versions')).toBeNull();
    fireEvent.click(screen.getByTestId('message-edited'));
    expect(screen.getAllByTestId('message-version')).toHaveLength(1);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('shows the waiting placeholder', () => {
    render(<MessageBubble message={{ ...base, type: 'waiting' }} showSender={false} />);
    expect(screen.getByTestId('message-waiting').textContent).toBe('Waiting for this message. This may take a while.');
  });

  it('shows an unsupported kind clearly', () => {
    render(<MessageBubble message={{ ...base, type: 'unsupported' }} showSender={false} />);
    expect(screen.getByTestId('message-unsupported').textContent).toBe('Unsupported message: open it on your phone');
    expect(screen.queryByText('[unsupported]')).toBeNull();
  });

  it('marks starred messages and those deleted on the phone', () => {
    render(<MessageBubble message={{ ...base, text: 'keep', starred: true, deleted_for_me: true }} showSender={false} />);
    expect(screen.getByLabelText('Starred')).toBeTruthy();
    expect(screen.getByText('deleted on your phone')).toBeTruthy();
    expect(screen.getByText('keep')).toBeTruthy();
  });
});
