package io.ferry.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP proxy on a loopback port in front of a real server, that can turn into a black hole: bytes
 * through it are then swallowed, so the far end looks connected but never answers — a half-open
 * connection, as a dropped network path or a frozen host leaves it.
 */
public final class TcpProxy implements AutoCloseable {
    private final String host;
    private final int port;
    private final ServerSocket server;
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
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.submit(this::accept);
    }

    /** The loopback port to connect to instead of the server's. */
    public int port() {
        return server.getLocalPort();
    }

    /** Swallows every byte from now on ({@code true}), or forwards them again. */
    public void blackHole(boolean on) {
        blackHole = on;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(host, port);
                sockets.add(client);
                sockets.add(upstream);
                threads.submit(() -> pipe(client, upstream));
                threads.submit(() -> pipe(upstream, client));
            } catch (IOException e) {
                return; // closed
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

    private static void closeQuietly(Socket socket) {
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
