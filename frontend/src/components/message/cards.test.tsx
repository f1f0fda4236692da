import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { MessageBubble } from '../MessageBubble';
import { msg } from './fixtures';

const show = (m: Parameters<typeof MessageBubble>[0]['message']) => render(<MessageBubble message={m} showSender />).container;

describe('poll', () => {
  it('shows options with bars, counts and voters', () => {
    const c = show(
      msg('poll', {
        poll: {
          name: 'Lunch?',
          options: [
            { name: 'Pizza', hash: 'a', count: 2 },
            { name: 'Sushi', hash: 'b', count: 1 },
            { name: 'Salad', hash: 'c' },
          ],
          votes: [
            { voter: '1@s.whatsapp.net', voter_name: 'Bo', options: ['Pizza'], timestamp: 1 },
            { voter: '15552@s.whatsapp.net', options: ['Pizza', 'Sushi'], timestamp: 2 },
            { voter: '3@s.whatsapp.net', options: [], timestamp: 3 },
          ],
        },
      }, { text: 'Pizza\nSushi\nSalad' }),
    );
    expect(screen.getByText('Lunch?')).toBeTruthy();
    const bars = c.querySelectorAll('[data-testid=poll-bar]');
    expect(bars).toHaveLength(3);
    expect(bars[0].getAttribute('aria-valuenow')).toBe('2');
    expect((bars[0].firstElementChild as HTMLElement).style.width).toBe('100%');
    expect((bars[1].firstElementChild as HTMLElement).style.width).toBe('50%');
    expect((bars[2].firstElementChild as HTMLElement).style.width).toBe('0%');
    expect(screen.getByText('Bo, +15552')).toBeTruthy();
    expect(screen.getByText('3 votes')).toBeTruthy();
    expect(screen.queryByText('Pizza\nSushi\nSalad')).toBeNull();
  });

  it('says when nobody voted', () => {
    show(msg('poll', { poll: { name: 'Q', options: null } }));
    expect(screen.getByText('No votes yet')).toBeTruthy();
  });
});

describe('event', () => {
  it('shows name, place, description and only an http(s) join link', () => {
    const c = show(
      msg('event', { event: { name: 'Team dinner', start: 1_760_000_000, place: "Luigi's", description: 'bring *wine*', join_link: 'javascript:alert(1)' } }),
    );
    expect(screen.getByText('Team dinner')).toBeTruthy();
    expect(screen.getByText("Luigi's")).toBeTruthy();
    expect(screen.getByText('bring *wine*')).toBeTruthy();
    expect(c.querySelector('a')).toBeNull();
  });

  it('counts the answers, and shows none before anyone answered', () => {
    const c = show(msg('event', { event: { name: 'Team dinner', going: 2, not_going: 1 } }));
    expect(screen.getByTestId('event-answers').textContent).toBe('2 going · 1 not going · 0 maybe');
    c.remove();
    show(msg('event', { event: { name: 'Lunch' } }));
    expect(screen.queryByTestId('event-answers')).toBeNull();
  });

  it('marks a canceled scheduled call', () => {
    show(msg('scheduled_call', { event: { name: 'Standup', canceled: true, call_type: 'video' } }));
    expect(screen.getByText('Scheduled video call · Canceled')).toBeTruthy();
  });
});

describe('contacts', () => {
  it('shows every card with numbers and emails', () => {
    const c = show(
      msg('contacts', { contacts: [{ name: 'Bob', phones: ['+1 555 0112'], emails: ['bob@example.com'] }, { name: 'Cy', org: 'ACME' }] }),
    );
    expect(c.querySelectorAll('[data-testid=contact-card]')).toHaveLength(2);
    expect(screen.getByText('+1 555 0112')).toBeTruthy();
    expect(screen.getByText('bob@example.com')).toBeTruthy();
    expect(screen.getByText('ACME')).toBeTruthy();
  });
});

describe('location', () => {
  it('shows name, address, coordinates and an OpenStreetMap link, no image', () => {
    const c = show(
      msg('location', {
        location: { lat: 48.8584, lng: 2.2945, name: 'Tower', address: 'Champ de Mars', url: 'https://www.openstreetmap.org/?mlat=48.8584&mlon=2.2945' },
      }),
    );
    expect(screen.getByText('Tower')).toBeTruthy();
    expect(screen.getByText('Champ de Mars')).toBeTruthy();
    expect(screen.getByText('48.85840, 2.29450')).toBeTruthy();
    const a = c.querySelector('a.msg-map-link');
    expect(a?.getAttribute('href')).toBe('https://www.openstreetmap.org/?mlat=48.8584&mlon=2.2945');
    expect(a?.getAttribute('rel')).toBe('noopener noreferrer');
    expect(c.querySelector('img,iframe')).toBeNull();
  });

  it('builds its own link when the message carries another', () => {
    const c = show(msg('location', { location: { lat: 1, lng: 2, url: 'javascript:alert(1)' } }));
    expect(c.querySelector('a')?.getAttribute('href')).toBe('https://www.openstreetmap.org/?mlat=1.00000&mlon=2.00000#map=16/1.00000/2.00000');
  });
});

describe('call', () => {
  it('missed and answered calls', () => {
    const { rerender } = render(<MessageBubble message={msg('call', { call: { missed: true, video: true } })} showSender={false} />);
    expect(screen.getByText('Missed video call')).toBeTruthy();
    rerender(<MessageBubble message={msg('call', { call: { duration: 65 } }, { from_me: true })} showSender={false} />);
    expect(screen.getByText('Outgoing voice call')).toBeTruthy();
    expect(screen.getByText('1:05')).toBeTruthy();
  });
});

describe('invite, payment, business', () => {
  it('group and channel invites', () => {
    show(msg('group_invite', { invite: { group: 'g@g.us', name: 'Club' } }));
    expect(screen.getByText('Group invitation')).toBeTruthy();
    expect(screen.getByText('Club')).toBeTruthy();
  });

  it('payment request', () => {
    show(msg('payment', { kind: 'requestPaymentMessage', payment: { amount: '5.00', currency: 'USD', note: 'rent' } }));
    expect(screen.getByText('Payment request')).toBeTruthy();
    expect(screen.getByText('USD 5.00')).toBeTruthy();
    expect(screen.getByText('rent')).toBeTruthy();
  });

  it('buttons message and the reply to it', () => {
    const { rerender } = render(
      <MessageBubble
        message={msg('business', { business: { title: 'Menu', footer: 'footer', buttons: ['Yes', 'No'] } }, { text: 'Menu\nPick *one*' })}
        showSender={false}
      />,
    );
    expect(screen.getByText('Menu')).toBeTruthy();
    expect(screen.getByText('one').tagName).toBe('STRONG');
    expect(screen.getByText('Yes')).toBeTruthy();
    expect(screen.getByText('footer')).toBeTruthy();
    rerender(<MessageBubble message={msg('business_reply', { business: { reply: 'Yes' } }, { text: 'Yes' })} showSender={false} />);
    expect(screen.getByText('Reply')).toBeTruthy();
  });
});
