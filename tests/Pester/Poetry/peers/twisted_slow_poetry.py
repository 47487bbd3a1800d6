"""The tutorial's slow poetry server written on Twisted (a LoopingCall per client writing CHUNK
bytes every DELAY seconds, then closing). Prints its port, serves until stdin closes.
Usage: twisted_slow_poetry.py POEM_FILE [CHUNK=10] [DELAY=0.001]"""
import sys, threading
from twisted.internet import reactor, task
from twisted.internet.protocol import Protocol, ServerFactory

POEM = open(sys.argv[1], 'rb').read()
CHUNK = int(sys.argv[2]) if len(sys.argv) > 2 else 10
DELAY = float(sys.argv[3]) if len(sys.argv) > 3 else 0.001


class SlowPoetry(Protocol):
    def connectionMade(self):
        self.sent = 0
        self.loop = task.LoopingCall(self.send_chunk)
        self.loop.start(DELAY)

    def send_chunk(self):
        if self.sent >= len(POEM):
            self.loop.stop()
            self.transport.loseConnection()
            return
        self.transport.write(POEM[self.sent:self.sent + CHUNK])
        self.sent += CHUNK

    def connectionLost(self, reason):
        if self.loop.running:
            self.loop.stop()


factory = ServerFactory()
factory.protocol = SlowPoetry
port = reactor.listenTCP(0, factory, interface='127.0.0.1')
print(port.getHost().port, flush=True)
threading.Thread(target=lambda: (sys.stdin.read(), reactor.callFromThread(reactor.stop)), daemon=True).start()
reactor.run()
