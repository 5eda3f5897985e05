package io.ferry.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP proxy on a loopback port in front of a real server, that can turn into a black hole: bytes
 * through it are then swallowed, so the far end looks connected but never answers — a half-open
 * connection, as a dropped network path or a frozen host leaves it. Or it can go away: {@link
 * #cut()} resets every connection and refuses new ones, as clients see a server that stopped, until
 * {@link #restore()} listens on the same port again.
 */
public final class TcpProxy implements AutoCloseable {
    private final String host;
    private final int port;
    private final int localPort;
    private volatile ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final ExecutorService threads =
            Executors.newCachedThreadPool(
                    r -> {
                        Thread thread = new Thread(r, "tcp-proxy");
                        thread.setDaemon(true);
                        return thread;
                    });
    private volatile boolean blackHole;

    public TcpProxy(String host, int port) throws IOException {
        this.host = host;
        this.port = port;
        this.server = listen(0);
        this.localPort = server.getLocalPort();
        ServerSocket listening = server;
        threads.submit(() -> accept(listening));
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        return socket;
    }

    /** The loopback port to connect to instead of the server's. */
    public int port() {
        return localPort;
    }

    /** Every connection reset, new ones refused, until {@link #restore()}. */
    public synchronized void cut() {
        closeQuietly(server);
        for (Socket socket : sockets) {
            try {
                socket.setSoLinger(true, 0); // a reset, not an orderly close
            } catch (IOException e) {
                // closing anyway
            }
            closeQuietly(socket);
        }
        sockets.clear();
    }

    /** Accepts and forwards again, on the same port. */
    public synchronized void restore() throws IOException {
        ServerSocket listening = listen(localPort);
        server = listening;
        threads.submit(() -> accept(listening));
    }

    /** Swallows every byte from now on ({@code true}), or forwards them again. */
    public void blackHole(boolean on) {
        blackHole = on;
    }

    private void accept(ServerSocket listening) {
        while (!listening.isClosed()) {
            Socket client;
            try {
                client = listening.accept();
            } catch (IOException e) {
                return; // closed
            }
            try {
                Socket upstream = new Socket(host, port);
                sockets.add(client);
                sockets.add(upstream);
                if (listening.isClosed()) {
                    closeQuietly(client); // cut while this one was being accepted
                    closeQuietly(upstream);
                    return;
                }
                threads.submit(() -> pipe(client, upstream));
                threads.submit(() -> pipe(upstream, client));
            } catch (IOException e) {
                closeQuietly(client); // the server is down: so is this connection
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            for (int read; (read = in.read(buffer)) >= 0; ) {
                if (!blackHole) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // one side closed: the other goes too
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(java.io.Closeable socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        sockets.forEach(TcpProxy::closeQuietly);
        threads.shutdownNow();
    }
}
