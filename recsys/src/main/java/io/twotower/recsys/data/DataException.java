package io.twotower.recsys.data;

/**
 * The project's error for bad input data.
 *
 * <p>The message always names where the problem is (a file, or an input such as "new user"), the
 * 1-based line and the column when they are known, and what was expected, for example
 * {@code ratings.csv line 17, column rating: expected a number, got 'abc'}.
 *
 * <p>The message is printed to a terminal as it is, so it never holds a control character: a cell
 * quoted in it may come from a file with a NUL or an ANSI escape sequence in it, which would otherwise
 * reach the terminal and act there (clear the screen, recolour the text, hide the rest of the line).
 * {@link #printable(String)} escapes such characters and shortens the cell; as a safety net the
 * constructor escapes whatever control character is left in the whole message.
 */
public final class DataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String column;

    /**
     * @param file   the file name (or input name) the problem is in
     * @param line   1-based line, or -1 when unknown
     * @param column the column header name (or 1-based number as text), or null when unknown
     * @param what   what was expected and what was found
     */
    public DataException(String file, int line, String column, String what) {
        super(format(file, line, column, what));
        this.file = file;
        this.line = line;
        this.column = column;
    }

    /** Same as {@link #DataException(String, int, String, String)}, keeping the underlying cause. */
    public DataException(String file, int line, String column, String what, Throwable cause) {
        super(format(file, line, column, what), cause);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    /** The file (or input) the problem is in. */
    public String file() {
        return file;
    }

    /** The 1-based line, or -1 when unknown. */
    public int line() {
        return line;
    }

    /** The column (header name where known), or null when unknown. */
    public String column() {
        return column;
    }

    /** Longest cell, after escaping, that {@link #printable(String)} shows whole. */
    static final int MAX_SHOWN = 60;

    /**
     * A cell (or a header name, an id) as quoted in a one-line message: control characters escaped
     * (see {@link #escapeControls(String)}) and the result cut to {@value #MAX_SHOWN} characters, the
     * last three of them "..." when it was longer (a field may be megabytes long). An escape or a
     * surrogate pair is never cut in half.
     */
    public static String printable(String text) {
        StringBuilder shown = new StringBuilder();
        int cut = -1; // where to cut if the text turns out too long: the last unit boundary within MAX_SHOWN - 3
        for (int i = 0; i < text.length(); i++) {
            int start = shown.length();
            char ch = text.charAt(i);
            if (Character.isHighSurrogate(ch) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                shown.append(ch).append(text.charAt(++i)); // one code point, two chars: kept together
            } else {
                appendEscaped(shown, ch);
            }
            if (cut < 0 && shown.length() > MAX_SHOWN - 3) {
                cut = start;
            }
            if (shown.length() > MAX_SHOWN) {
                return shown.substring(0, cut) + "...";
            }
        }
        return shown.toString();
    }

    /**
     * The text with every character that a terminal would act on instead of showing replaced by a
     * visible escape: line feed, carriage return and tab as {@code \n}, {@code \r}, {@code \t}
     * (a backslash and a letter), and the other control characters (C0, DEL, C1: NUL, ESC ...), the invisible format characters
     * (bidirectional overrides, zero-width spaces, the byte-order mark) and the line and paragraph
     * separators as <code>&#92;uXXXX</code>, e.g. ESC as <code>&#92;u001b</code> (written so because the
     * compiler would read a backslash-u here as a character).
     */
    public static String escapeControls(String text) {
        StringBuilder out = null; // allocated only when there is something to escape
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (needsEscape(ch)) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                appendEscaped(out, ch);
            } else if (out != null) {
                out.append(ch);
            }
        }
        return out == null ? text : out.toString();
    }

    private static boolean needsEscape(char ch) {
        int type = Character.getType(ch);
        return type == Character.CONTROL || type == Character.FORMAT
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    private static void appendEscaped(StringBuilder out, char ch) {
        switch (ch) {
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            default -> {
                if (needsEscape(ch)) {
                    out.append(String.format("\\u%04x", (int) ch));
                } else {
                    out.append(ch);
                }
            }
        }
    }

    private static String format(String file, int line, String column, String what) {
        StringBuilder where = new StringBuilder(file);
        if (line >= 1) {
            where.append(" line ").append(line);
        }
        if (column != null) {
            where.append(line >= 1 ? ", column " : " column ").append(column);
        }
        return escapeControls(where.append(": ").append(what).toString());
    }
}
