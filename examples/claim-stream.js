// A claim stream: the server pushes the messages of a queue as they are posted, at most 10
// unacknowledged; each is deleted (acknowledged) when done. Stops after `count` messages.
// Run against `zaqar-server` with `[drivers] transport = wsgi, websocket`:
//   node examples/claim-stream.js ws://127.0.0.1:9000 jobs 3
const WebSocket = require('ws');

const [url = 'ws://127.0.0.1:9000', queue = 'jobs', count = '3'] = process.argv.slice(2);
const headers = { 'Client-ID': '3381af92-2b9e-11e3-b191-71861300734c', 'X-Project-ID': 'demo-project' };
const socket = new WebSocket(url);
let handled = 0;

socket.on('open', () => socket.send(JSON.stringify({ action: 'claim_stream', headers, body: { queue_name: queue, ttl: 120, credit: 10 } })));
socket.on('message', (data) => {
  const frame = JSON.parse(data.toString());
  if (frame.request?.action === 'claim_stream') console.log('streaming', frame.headers.status, frame.body);
  if (frame.headers.stream !== 'claim_stream') return; // the answers to our requests
  for (const message of frame.body.messages) {
    console.log('got', message.body);
    const ack = { queue_name: queue, message_id: message.id, claim_id: frame.body.claim_id };
    socket.send(JSON.stringify({ action: 'message_delete', headers, body: ack }));
    // Closing right after the last acknowledgement is fine: requests sent before the close are
    // answered before the stream's remaining claims are released.
    if (++handled === Number(count)) socket.close();
  }
});
