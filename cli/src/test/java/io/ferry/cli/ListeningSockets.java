package io.ferry.cli;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The TCP sockets a process tree listens on, read from Linux's {@code /proc}: each socket's inode
 * among the processes' file descriptors, its address in {@code /proc/net/tcp} and {@code tcp6}.
 */
final class ListeningSockets {
    private static final String LISTEN = "0A";

    private ListeningSockets() {}

    /** What {@code root} and every process below it listen on. */
    static Set<InetSocketAddress> of(ProcessHandle root) throws IOException {
        Set<String> inodes = new HashSet<>();
        List<ProcessHandle> tree = Stream.concat(Stream.of(root), root.descendants()).toList();
        for (ProcessHandle process : tree) {
            inodes.addAll(socketInodes(process.pid()));
        }
        Set<InetSocketAddress> listening = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                if (fields[3].equals(LISTEN) && inodes.contains(fields[9])) {
                    listening.add(address(fields[1]));
                }
            }
        }
        return listening;
    }

    private static Set<String> socketInodes(long pid) {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed while we looked
                }
            }
        } catch (IOException e) {
            // the process ended while we looked
        }
        return inodes;
    }

    /** {@code 0100007F:1F90}: the address in 32-bit little-endian words, the port big-endian. */
    private static InetSocketAddress address(String hex) throws IOException {
        String[] parts = hex.split(":");
        String words = parts[0];
        byte[] bytes = new byte[words.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                int at = word * 8 + (3 - b) * 2;
                bytes[word * 4 + b] = (byte) Integer.parseInt(words.substring(at, at + 2), 16);
            }
        }
        return new InetSocketAddress(
                InetAddress.getByAddress(bytes), new BigInteger(parts[1], 16).intValue());
    }
}
