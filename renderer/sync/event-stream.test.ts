import { describe, expect, it } from 'vitest';
import { readServerSentEvents, type ServerSentEvent } from './event-stream';

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function eventsOf(chunks: string[]): Promise<ServerSentEvent[]> {
  const events: ServerSentEvent[] = [];
  await readServerSentEvents(streamOf(chunks), (event) => events.push(event));
  return events;
}

describe('readServerSentEvents', () => {
  it('reads named events with their data and skips comments', async () => {
    expect(
      await eventsOf([
        ': keep-alive\n\n',
        'event: poke\ndata: {"reason":"connected"}\n\n',
        'event: poke\ndata: {"reason":"changes"}\n\n',
      ]),
    ).toEqual([
      { event: 'poke', data: '{"reason":"connected"}' },
      { event: 'poke', data: '{"reason":"changes"}' },
    ]);
  });

  it('joins events split anywhere across chunks, CRLF included', async () => {
    const text = 'event: poke\r\ndata: {"reason":\r\ndata: "changes"}\r\n\r\ndata: plain\r\n\r\n';
    const chunks = text.split('').reduce<string[]>((all, char, index) => {
      if (index % 3 === 0) all.push(char);
      else all[all.length - 1] += char;
      return all;
    }, []);
    expect(await eventsOf(chunks)).toEqual([
      { event: 'poke', data: '{"reason":\n"changes"}' },
      { event: 'message', data: 'plain' },
    ]);
  });

  it('does not dispatch an event cut off by the end of the stream', async () => {
    expect(await eventsOf(['event: poke\ndata: {}'])).toEqual([]);
  });
});
