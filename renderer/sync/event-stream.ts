// A minimal server-sent-events reader over a fetch body. EventSource cannot send an
// Authorization header, so the stream is read with fetch and parsed here (the parts of the
// text/event-stream format the server uses: `event:`, `data:`, comments, blank-line dispatch).

export type ServerSentEvent = { event: string; data: string };

/** Reads events until the stream ends (resolves) or fails/aborts (rejects). */
export async function readServerSentEvents(
  body: ReadableStream<Uint8Array>,
  onEvent: (event: ServerSentEvent) => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let eventName = '';
  let data: string[] = [];

  const handleLine = (line: string) => {
    if (line === '') {
      if (data.length > 0 || eventName !== '') {
        onEvent({ event: eventName || 'message', data: data.join('\n') });
      }
      eventName = '';
      data = [];
      return;
    }
    if (line.startsWith(':')) return; // keep-alive comment
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') eventName = value;
    else if (field === 'data') data.push(value);
  };

  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      // A chunk may end between the \r and the \n of one line ending: hold the \r back.
      const carry = !done && buffer.endsWith('\r') ? '\r' : '';
      const lines = buffer.slice(0, buffer.length - carry.length).split(/\r\n|\r|\n/);
      // The last piece is an incomplete line until its ending arrives.
      buffer = done ? '' : (lines.pop() ?? '') + carry;
      for (const line of lines) handleLine(line);
      if (done) return;
    }
  } finally {
    reader.releaseLock();
  }
}
