// Node.js fast poetry server: writes the poem, closes. Prints "PORT n"; serves until stdin closes.
const net = require('net');
const size = Number(process.argv[2] || 2048);
const poem = Buffer.from(Array.from({ length: size }, (_, i) => 97 + (i % 26)));
const server = net.createServer((s) => { s.on('error', () => {}); s.end(poem); });
server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => console.log('PORT ' + server.address().port));
process.stdin.on('end', () => process.exit(0)).resume();
