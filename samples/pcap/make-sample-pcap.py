#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Write samples/pcap/agency-uplink.pcap: a small, made-up capture of an
agency's uplink for `make run` — DNS lookups of names on the sample feeds,
connections to the addresses they resolve to and to listed addresses, and
ordinary traffic. Documentation address ranges only (RFC 5737, RFC 3849).
Run it again to regenerate the file; the output is deterministic."""
import struct
import sys

def csum(b):
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff

def ip4(a):
    return bytes(int(x) for x in a.split('.'))

def ipv4(src, dst, proto, payload, ident):
    h = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(payload), ident & 0xffff, 0, 64,
                    proto, 0, ip4(src), ip4(dst))
    return h[:10] + struct.pack('!H', csum(h)) + h[12:] + payload

def udp(sp, dp, data):
    return struct.pack('!HHHH', sp, dp, 8 + len(data), 0) + data

def tcp(sp, dp, flags, seq=1, data=b''):
    return struct.pack('!HHIIBBHHH', sp, dp, seq, 0, 0x50, flags, 65535, 0, 0) + data

def eth(payload):
    return b'\x02\x00\x00\x00\x00\x01' + b'\x02\x00\x00\x00\x00\x02' + b'\x08\x00' + payload

def qname(n):
    return b''.join(bytes([len(l)]) + l.encode() for l in n.split('.')) + b'\0'

def dns_query(qid, name):
    return struct.pack('!HHHHHH', qid, 0x0100, 1, 0, 0, 0) + qname(name) + struct.pack('!HH', 1, 1)

def dns_answer(qid, name, addr, ttl=300):
    q = qname(name)
    return (struct.pack('!HHHHHH', qid, 0x8180, 1, 1, 0, 0) + q + struct.pack('!HH', 1, 1) +
            b'\xc0\x0c' + struct.pack('!HHIH4s', 1, 1, ttl, 4, ip4(addr)))

CLIENT, RESOLVER = '172.16.30.40', '172.16.0.53'
frames = []
t = 0
def add(fr):
    global t
    t += 1
    frames.append((t, fr))

ident = 1
def send(src, dst, proto, l4):
    global ident
    ident += 1
    add(eth(ipv4(src, dst, proto, l4, ident)))

def session(dst, dport, sport, npkts=4):
    send(CLIENT, dst, 6, tcp(sport, dport, 0x02))
    send(dst, CLIENT, 6, tcp(dport, sport, 0x12))
    for i in range(npkts):
        send(CLIENT, dst, 6, tcp(sport, dport, 0x18, 2 + i, b'GET / HTTP/1.1\r\n\r\n'))
        send(dst, CLIENT, 6, tcp(dport, sport, 0x18, 2 + i, b'x' * 600))
    send(CLIENT, dst, 6, tcp(sport, dport, 0x11, 99))
    send(dst, CLIENT, 6, tcp(dport, sport, 0x11, 99))

# A phishing name from the STIX and MISP feeds, resolved and visited.
send(CLIENT, RESOLVER, 17, udp(50001, 53, dns_query(1, 'tax-refund.example.org')))
send(RESOLVER, CLIENT, 17, udp(53, 50001, dns_answer(1, 'tax-refund.example.org', '192.0.2.80')))
session('192.0.2.80', 443, 40001)
# The C2 address of the STIX bundle, and a scanner range of the netset.
session('203.0.113.66', 8443, 40002, 2)
session('203.0.113.20', 22, 40003, 1)
# Ordinary traffic.
send(CLIENT, RESOLVER, 17, udp(50002, 53, dns_query(2, 'www.example.com')))
send(RESOLVER, CLIENT, 17, udp(53, 50002, dns_answer(2, 'www.example.com', '192.0.2.10')))
session('192.0.2.10', 443, 40004, 3)
send(CLIENT, '192.0.2.123', 17, udp(40005, 123, b'\x23' + b'\0' * 47))

out = sys.argv[1] if len(sys.argv) > 1 else 'agency-uplink.pcap'
with open(out, 'wb') as f:
    f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    for ts, fr in frames:
        f.write(struct.pack('<IIII', 1795305600 + ts, 0, len(fr), len(fr)) + fr)
