"""The tutorial's Twisted client (get-poetry, a PoetryProtocol per address and a factory that stops
the reactor when every poem is in), printing each poem as one line: its address and its bytes in hex,
in the order the poems finished. Usage: twisted_poetry_client.py HOST:PORT [HOST:PORT ...]"""
import sys
from twisted.internet import reactor
from twisted.internet.protocol import ClientFactory, Protocol


class PoetryProtocol(Protocol):
    def connectionMade(self):
        self.poem = b''

    def dataReceived(self, data):
        self.poem += data

    def connectionLost(self, reason):
        self.factory.poem_finished(self.address, self.poem)


class PoetryClientFactory(ClientFactory):
    def __init__(self, count):
        self.remaining = count

    def buildProtocol(self, addr):
        p = PoetryProtocol()
        p.factory = self
        p.address = '%s:%d' % (addr.host, addr.port)
        return p

    def poem_finished(self, address, poem):
        print(address, poem.hex(), flush=True)
        self.remaining -= 1
        if self.remaining == 0:
            reactor.stop()

    def clientConnectionFailed(self, connector, reason):
        print('failed', reason.getErrorMessage(), flush=True)
        self.remaining -= 1
        if self.remaining == 0:
            reactor.stop()


addresses = sys.argv[1:]
factory = PoetryClientFactory(len(addresses))
for address in addresses:
    host, port = address.rsplit(':', 1)
    reactor.connectTCP(host, int(port), factory, timeout=20)
reactor.callLater(60, reactor.stop)  # bounded: a hung server cannot keep the test waiting
reactor.run()
