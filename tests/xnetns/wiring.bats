#!/usr/bin/env bats
# The article's wiring: its veth demo in one command, and its exercise (a
# bridge, default routes, NAT to "the internet") in four.  Looked at from
# inside the namespaces: addresses, routes, pings, and the peer address a
# TCP listener sees.

load lib

setup() { xnetns_setup; }
teardown() { xnetns_teardown; }

@test "the article's demo: one veth command, addresses, ping both ways" {
	host '
		xnetns add xns-nn-mynet
		xnetns veth xns-nn-mynet --name veth1 --peer-name veth0 \
			--addr 10.200.2.1/24 --peer-addr 10.200.2.2/24
		xnetns exec xns-nn-mynet ip -o -4 addr show veth1 | grep -o "10.200.2.1/24"
		xnetns exec xns-nn-mynet cat /sys/class/net/veth1/operstate
		ip -o -4 addr show veth0 | grep -o "10.200.2.2/24"
		ping -c1 -W2 10.200.2.1 >/dev/null && echo host-to-ns
		xnetns exec xns-nn-mynet ping -c1 -W2 10.200.2.2 >/dev/null && echo ns-to-host'
	[ "$status" = 0 ] || { echo "$stderr"; false; }
	[ "$output" = "10.200.2.1/24
up
10.200.2.2/24
host-to-ns
ns-to-host" ]
}

@test "veth --peer joins two namespaces, default names eth0 and ve-NAME" {
	host '
		xnetns add xns-nn-l xns-nn-r
		xnetns veth xns-nn-l --peer xns-nn-r --addr 10.200.4.1/24 --peer-addr 10.200.4.2/24
		xnetns exec xns-nn-l ip -o link show eth0 | grep -o "eth0@"
		xnetns exec xns-nn-r ip -o link show ve-xns-nn-l | grep -o "ve-xns-nn-l@"
		xnetns exec xns-nn-l ping -c1 -W2 10.200.4.2 >/dev/null && echo l-to-r
		echo "host links: $(ip -o link | wc -l)"'
	[ "$status" = 0 ] || { echo "$stderr"; false; }
	[ "$output" = "eth0@
ve-xns-nn-l@
l-to-r
host links: 1" ]
}

@test "the exercise: a bridge, two namespaces, default routes, NAT to the internet" {
	require_cmd socat
	host '
		xnetns add xns-nn-a xns-nn-b xns-nn-inet
		# "the internet": a namespace behind the host uplink 10.200.9.1
		xnetns veth xns-nn-inet --peer-name xns-nn-up --addr 10.200.9.2/24 --peer-addr 10.200.9.1/24
		xnetns bridge xns-nn-br --addr 10.200.5.1/24
		xnetns connect xns-nn-a xns-nn-br --addr 10.200.5.2/24
		xnetns connect xns-nn-b xns-nn-br --addr 10.200.5.3/24
		xnetns exec xns-nn-a ip route show default | sed "s/ *$//"
		xnetns exec xns-nn-a ping -c1 -W2 10.200.5.3 >/dev/null && echo a-to-b
		xnetns exec xns-nn-b ping -c1 -W2 10.200.5.1 >/dev/null && echo b-to-host

		listen() {
			xnetns exec xns-nn-inet socat -T3 TCP-LISTEN:8080,reuseaddr \
				SYSTEM:"echo \$SOCAT_PEERADDR" &
			listener=$!
			for i in $(seq 100); do
				xnetns exec xns-nn-inet ss -Htln | grep -q :8080 && break; sleep 0.1
			done
		}
		ask() { xnetns exec xns-nn-a socat -T2 - TCP:10.200.9.2:8080,connect-timeout=1 </dev/null; }
		trap "kill \$listener 2>/dev/null || true" EXIT

		# no NAT: the internet has no way back to 10.200.5.0/24
		listen; ask 2>/dev/null || echo "no-nat: no answer"; kill $listener; wait $listener || true
		xnetns nat xns-nn-br --out xns-nn-up
		cat /proc/sys/net/ipv4/ip_forward
		listen; echo "internet sees: $(ask)"; wait $listener || true
		xnetns nat xns-nn-br --off
		listen; ask 2>/dev/null || echo "off: no answer"; kill $listener; wait $listener || true'
	[ "$status" = 0 ] || { echo "$stderr"; false; }
	[ "$output" = "default via 10.200.5.1 dev eth0
a-to-b
b-to-host
no-nat: no answer
1
internet sees: 10.200.9.1
off: no answer" ]
}

@test "nat twice replaces the rule; --off of nothing and a bridge without IPv4 fail" {
	host '
		set +e
		xnetns bridge xns-nn-br --addr 10.200.6.1/24
		xnetns bridge xns-nn-br0
		xnetns nat xns-nn-br --out lo; echo "rc=$?"
		xnetns nat xns-nn-br --out lo; echo "rc=$?"
		xnetns nat xns-nn-br --off; echo "rc=$?"
		xnetns nat xns-nn-br --off; echo "rc=$?"
		xnetns nat xns-nn-br0 --out lo; echo "rc=$?"
		xnetns nat xns-nn-br --out xns-nn-nope; echo "rc=$?"'
	[ "$status" = 0 ] || { echo "$stderr"; false; }
	[ "$output" = "rc=0
rc=0
rc=0
rc=1
rc=1
rc=1" ]
	[ "$(echo "$stderr" | wc -l)" = 3 ]
}

@test "connect: no address on the bridge means no default route; --gateway sets one" {
	host '
		xnetns add xns-nn-a xns-nn-b
		xnetns bridge xns-nn-br
		xnetns connect xns-nn-a xns-nn-br --addr 10.200.7.2/24
		echo "a: [$(xnetns exec xns-nn-a ip route show default)]"
		xnetns connect xns-nn-b xns-nn-br --addr 10.200.7.3/24 --gateway 10.200.7.2 --name up0
		xnetns exec xns-nn-b ip route show default | sed "s/ *$//"
		xnetns exec xns-nn-b ping -c1 -W2 10.200.7.2 >/dev/null && echo b-to-a'
	[ "$status" = 0 ] || { echo "$stderr"; false; }
	[ "$output" = "a: []
default via 10.200.7.2 dev up0
b-to-a" ]
}

@test "bad CIDRs and addresses: one line, exit 1, no link made" {
	for args in "veth xns-nn-a --addr 10.200.1.300/24" "veth xns-nn-a --addr 10.200.1.1" \
		"veth xns-nn-a --peer-addr 10.200.1.1/33" "bridge xns-nn-br --addr fish" \
		"connect xns-nn-a xns-nn-br --addr 10.200.1.2/24 --gateway 10.200.1" \
		"connect xns-nn-a xns-nn-br" "veth xns-nn-a --name much-too-long-ifname"; do
		host "xnetns add xns-nn-a; set +e; xnetns $args; echo rc=\$?
			echo host: \$(ip -o link | wc -l); echo ns: \$(xnetns exec xns-nn-a ip -o link | wc -l)"
		echo "$args: $stderr"
		[ "$status" = 0 ]
		[ "$output" = "rc=1
host: 1
ns: 1" ]
		[ "$(echo "$stderr" | wc -l)" = 1 ]
	done
}

@test "failures after the pair is made take it back: nothing half-made" {
	host '
		set +e
		xnetns add xns-nn-a xns-nn-b
		xnetns bridge xns-nn-br --addr 10.200.8.1/24
		# an unreachable gateway: the route fails after link and address exist
		xnetns connect xns-nn-a xns-nn-br --addr 10.200.8.2/24 --gateway 10.200.99.1; echo "rc=$?"
		echo "host: $(ip -o link | wc -l) ns: $(xnetns exec xns-nn-a ip -o link | wc -l)"
		# a taken name, here and there
		xnetns veth xns-nn-a --peer-name xns-nn-br; echo "rc=$?"
		xnetns veth xns-nn-a --name lo; echo "rc=$?"
		echo "host: $(ip -o link | wc -l) ns: $(xnetns exec xns-nn-a ip -o link | wc -l)"
		xnetns bridge xns-nn-br; echo "rc=$?"
		xnetns connect xns-nn-a lo --addr 10.200.8.2/24; echo "rc=$?"
		xnetns connect xns-nn-missing xns-nn-br --addr 10.200.8.2/24; echo "rc=$?"
		echo "host: $(ip -o link | wc -l) ns: $(xnetns exec xns-nn-a ip -o link | wc -l)"'
	[ "$status" = 0 ] || { echo "$stderr"; false; }
	[ "$output" = "rc=1
host: 2 ns: 1
rc=1
rc=1
host: 2 ns: 1
rc=1
rc=1
rc=1
host: 2 ns: 1" ]
}
