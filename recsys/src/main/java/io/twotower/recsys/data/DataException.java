package io.twotower.recsys.data;

/**
 * The project's error for bad input data.
 *
 * <p>The message always names where the problem is (a file, or an input such as "new user"), the
 * 1-based line and the column when they are known, and what was expected, for example
 * {@code ratings.csv line 17, column rating: expected a number, got 'abc'}.
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

    private static String format(String file, int line, String column, String what) {
        StringBuilder where = new StringBuilder(file);
        if (line >= 1) {
            where.append(" line ").append(line);
        }
        if (column != null) {
            where.append(line >= 1 ? ", column " : " column ").append(column);
        }
        return where.append(": ").append(what).toString();
    }
}
