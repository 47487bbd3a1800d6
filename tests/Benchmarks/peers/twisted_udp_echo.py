"""Twisted UDP echo (the DatagramProtocol of Twisted's own examples), epoll reactor, loopback.
Prints "PORT n"; echoes until stdin closes."""
import sys, threading
from twisted.internet import epollreactor
epollreactor.install()
from twisted.internet import protocol, reactor

class Echo(protocol.DatagramProtocol):
    def datagramReceived(self, data, addr):
        self.transport.write(data, addr)

port = reactor.listenUDP(0, Echo(), interface='127.0.0.1')
print('PORT', port.getHost().port, flush=True)
threading.Thread(target=lambda: (sys.stdin.read(), reactor.callFromThread(reactor.stop)), daemon=True).start()
reactor.run()
