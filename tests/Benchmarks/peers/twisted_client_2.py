"""The tutorial's Twisted client 2 design (get-poetry-2: a PoetryProtocol per address, a factory
counting finished poems, the reactor stopped when all are done). Times the fetches inside the
process and prints one JSON line. Usage: twisted_client_2.py ADDRESS [ADDRESS ...] | --repeat N HOST:PORT"""
import json, sys, time
from twisted.internet import epollreactor
epollreactor.install()
from twisted.internet import reactor
from twisted.internet.protocol import Protocol, ClientFactory

class PoetryProtocol(Protocol):
    poem = b''
    def dataReceived(self, data):
        self.poem += data
    def connectionLost(self, reason):
        self.factory.poem_finished(len(self.poem))

class PoetryClientFactory(ClientFactory):
    protocol = PoetryProtocol
    def __init__(self, count):
        self.remaining, self.sizes = count, []
    def poem_finished(self, size):
        self.sizes.append(size)
        self.remaining -= 1
        if self.remaining == 0:
            reactor.stop()
    def clientConnectionFailed(self, connector, reason):
        self.poem_finished(-1)

args = sys.argv[1:]
addresses = [args[2]] * int(args[1]) if args[0] == '--repeat' else args
factory = PoetryClientFactory(len(addresses))
start = time.perf_counter()
for address in addresses:
    host, port = address.rsplit(':', 1)
    reactor.connectTCP(host, int(port), factory)
reactor.run()
elapsed = time.perf_counter() - start
print(json.dumps({'poems': len(factory.sizes), 'bytes': sum(s for s in factory.sizes if s > 0),
                  'failed': sum(1 for s in factory.sizes if s < 0), 'seconds': elapsed}))
