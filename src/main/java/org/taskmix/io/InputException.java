package org.taskmix.io;

/**
 * Bad user input: a file, field or option that breaks a rule. The message is one line naming
 * the file, the field path, the value and the rule; the command line prints it after
 * {@code taskmix: error: } and exits with code 2.
 */
public class InputException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code file: path: message}, leaving out empty parts. */
    public static InputException at(Object file, String path, String message) {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file).append(": ");
        }
        if (path != null && !path.isEmpty()) {
            sb.append(path).append(": ");
        }
        return new InputException(sb.append(message).toString());
    }
}
