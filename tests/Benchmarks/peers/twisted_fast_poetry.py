"""Twisted fast poetry server (the tutorial's, poem from memory): writes the poem, closes.
Prints "PORT n"; serves until stdin closes. Usage: twisted_fast_poetry.py [size=2048]"""
import os, sys, threading
from twisted.internet import epollreactor
epollreactor.install()
from twisted.internet import protocol, reactor

SIZE = int(sys.argv[1]) if len(sys.argv) > 1 else 2048
POEM = bytes(ord('a') + i % 26 for i in range(SIZE))

class PoetryProtocol(protocol.Protocol):
    def connectionMade(self):
        self.transport.write(POEM)
        self.transport.loseConnection()

factory = protocol.ServerFactory()
factory.protocol = PoetryProtocol
port = reactor.listenTCP(0, factory, backlog=4096, interface='127.0.0.1')
print('PORT', port.getHost().port, flush=True)
threading.Thread(target=lambda: (sys.stdin.read(), reactor.callFromThread(reactor.stop)), daemon=True).start()
reactor.run()
