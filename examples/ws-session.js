// A websocket session: post a message, claim it, delete it with the claim.
// Run against `zaqar-server` with `[drivers] transport = wsgi, websocket`:
//   node examples/ws-session.js ws://127.0.0.1:9000
const WebSocket = require('ws');

const socket = new WebSocket(process.argv[2] ?? 'ws://127.0.0.1:9000');
const headers = { 'Client-ID': '3381af92-2b9e-11e3-b191-71861300734c', 'X-Project-ID': 'demo-project' };
const waiting = [];
socket.on('message', (data) => waiting.shift()(JSON.parse(data.toString())));
const send = (action, body) =>
  new Promise((resolve) => {
    waiting.push(resolve);
    socket.send(JSON.stringify({ action, headers, body }));
  });

socket.on('open', async () => {
  const posted = await send('message_post', { queue_name: 'jobs', messages: [{ ttl: 300, body: { task: 'resize', image: 42 } }] });
  console.log('posted', posted.headers.status, posted.body.message_ids);
  const claim = await send('claim_create', { queue_name: 'jobs', ttl: 120, grace: 60, limit: 1 });
  console.log(
    'claimed',
    claim.headers.status,
    claim.body.messages.map((m) => m.body),
  );
  const done = await send('message_delete', { queue_name: 'jobs', message_id: claim.body.messages[0].id, claim_id: claim.body.claim_id });
  console.log('deleted', done.headers.status);
  socket.close();
});
