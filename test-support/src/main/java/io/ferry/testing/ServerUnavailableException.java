package io.ferry.testing;

/**
 * A test server could not be started. Tests fail with it, never skip: the message says what to
 * install or where the server's own log is.
 */
public class ServerUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ServerUnavailableException(String message) {
        super(message);
    }

    public ServerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
