import { spawn } from 'node:child_process';
import { expect, it } from 'vitest';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { waitUntil } from '@mcp-portal/kit/testing';
import { JsonLineReader } from '../src/runtime/json-lines.ts';
import { AttachedStdioTransport } from '../src/runtime/stdio-transport.ts';

function read(reader: JsonLineReader, chunks: Buffer[]): string[] {
  return chunks.flatMap((chunk) => {
    reader.append(chunk);
    return reader.lines();
  });
}

it('gives whole lines, whatever the chunks: several in one, one over several, CRLF, a character split between chunks', () => {
  const text = Buffer.from('{"a":1}\n{"b":"Zoë ✓"}\r\n{"c"', 'utf8');
  const split = text.indexOf(0xc3) + 1;
  const reader = new JsonLineReader(1024);
  expect(read(reader, [text.subarray(0, 3), text.subarray(3, split), text.subarray(split)])).toEqual(['{"a":1}', '{"b":"Zoë ✓"}']);
  expect(read(reader, [Buffer.from(':3}'), Buffer.from('\n')])).toEqual(['{"c":3}']);
});

it('refuses a line longer than the limit, and reads the next ones after clearing', () => {
  const reader = new JsonLineReader(16);
  expect(() => read(reader, [Buffer.alloc(10, 'x'), Buffer.alloc(10, 'x')])).toThrow(/longer than 16 bytes/);
  expect(() => read(reader, [Buffer.from(`${'y'.repeat(20)}\n${'z'.repeat(20)}`)])).toThrow(/longer than 16 bytes/);
  expect(read(reader, [Buffer.from('{"ok":true}\n')])).toEqual(['{"ok":true}']);
});

it("hands on a real process's JSON-RPC lines, and reports a banner and JSON that is not JSON-RPC without stopping", async () => {
  const script = `
    const out = (text) => new Promise((resolve) => process.stdout.write(text, resolve));
    (async () => {
      await out('server starting (a banner)\\n');
      await out('{"jsonrpc":"2.0","id":1,"res');
      await new Promise((resolve) => setTimeout(resolve, 50));
      await out('ult":{"n":1}}\\n[1,2]\\n\\n{"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","data":"hi"}}\\n');
      process.stdin.on('data', (chunk) => out(chunk));
    })();`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const transport = new AttachedStdioTransport({ stdin: child.stdin, stdout: child.stdout, close: () => child.kill() });
  const messages: JSONRPCMessage[] = [];
  const errors: string[] = [];
  transport.onmessage = (message) => messages.push(message);
  transport.onerror = (error) => errors.push(error.message);
  await transport.start();
  await waitUntil(
    'the two messages',
    async () => messages.length,
    (count) => count === 2,
  );
  expect(messages).toEqual([
    { jsonrpc: '2.0', id: 1, result: { n: 1 } },
    { jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'hi' } },
  ]);
  expect(errors).toEqual([
    'The server wrote a line that is not JSON: server starting (a banner)',
    'The server wrote a line that is not a JSON-RPC 2.0 message: [1,2]',
  ]);
  // What is sent goes out as one line and, echoed by the process, comes back as a message.
  await transport.send({ jsonrpc: '2.0', id: 'ping', method: 'ping' });
  await waitUntil(
    'the echo',
    async () => messages.length,
    (count) => count === 3,
  );
  expect(messages[2]).toEqual({ jsonrpc: '2.0', id: 'ping', method: 'ping' });
  await transport.close();
});
