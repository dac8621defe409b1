// Follows one stream with the npm `eventsource` client, as a Node.js monitor would, and prints what it dispatches,
// one JSON object a line on stdout:
//   {"type":"message"|"connection"|"heartbeat"|"gap"|"reset","id":<lastEventId>,"data":<data>}
//   {"type":"open"} and {"type":"error","message":...} as the connection opens and drops.
// Reconnecting (after `retry`, with Last-Event-ID) is the client's own doing. The program ends when its stdin
// closes, so it never outlives the test that started it.
//
// usage: node client.mjs <stream url>
import { EventSource } from 'eventsource';

const print = (frame) => process.stdout.write(JSON.stringify(frame) + '\n');

const source = new EventSource(process.argv[2]);
source.onopen = () => print({ type: 'open' });
source.onerror = (e) => print({ type: 'error', message: e.message ?? null });
for (const type of ['message', 'connection', 'heartbeat', 'gap', 'reset']) {
  source.addEventListener(type, (e) => print({ type, id: e.lastEventId, data: e.data }));
}

process.stdin.on('end', () => {
  source.close();
  process.exit(0);
});
process.stdin.resume();
