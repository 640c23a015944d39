package io.twotower.recsys.data;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * One CSV file read fully into memory: its header and its records, each with the 1-based line it
 * starts on, so that every later error can name file, line and column.
 *
 * <p>Decoding is strict UTF-8 (a byte sequence that is not UTF-8 is an error naming its line); a
 * leading byte-order mark is dropped; CRLF and LF line ends, quoted fields with commas, doubled
 * quotes and newlines, and a missing final newline are all accepted (RFC 4180 via Commons CSV).
 * Blank lines are skipped. Every record must have as many fields as the header.
 */
final class CsvFile {


    /** What Java would parse as a non-finite double: NaN, Inf, Infinity (any case, signed). */
    private static final Pattern NON_FINITE = Pattern.compile("(?i)[+-]?(nan|inf|infinity)");
    private static final Pattern LINE_IN_MESSAGE = Pattern.compile("line:?\\s*(\\d+)");

    private final String name;
    private final List<String> header;
    private final List<String[]> records;
    private final int[] lines;

    private CsvFile(String name, List<String> header, List<String[]> records, int[] lines) {
        this.name = name;
        this.header = header;
        this.records = records;
        this.lines = lines;
    }

    /**
     * Reads a CSV file whose first line is a header.
     *
     * @param path file to read
     * @throws DataException for a missing or empty file, bad UTF-8, malformed quoting, a blank or
     *                       duplicated header name, or a record with the wrong number of fields
     */
    static CsvFile read(Path path) {
        String name = path.getFileName().toString();
        String text = decodeStrictUtf8(path, name);
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1); // byte-order mark
        }
        int[] lineStarts = lineStarts(text);
        List<String> header = null;
        List<String[]> records = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), CSVFormat.RFC4180.builder()
                .setIgnoreEmptyLines(true).get())) {
            for (CSVRecord record : parser) {
                int line = lineOf(lineStarts, firstNonBlank(text, record.getCharacterPosition()));
                String[] fields = record.values();
                if (header == null) {
                    header = checkHeader(name, line, fields);
                    continue;
                }
                if (fields.length != header.size()) {
                    throw new DataException(name, line, null, "expected " + header.size() + " fields ("
                            + shorten(String.join(",", header)) + "), got " + fields.length);
                }
                records.add(fields);
                lines.add(line);
            }
        } catch (UncheckedIOException | IOException | IllegalStateException e) {
            // Commons CSV reports malformed quoting as an I/O error mentioning the line.
            int line = lineOfMessage(e.getMessage());
            throw new DataException(name, line, null, "expected well-formed CSV quoting (a quoted field ends with \" "
                    + "before the next comma or line end; a quote inside it is written \"\"), got: " + rootMessage(e), e);
        }
        if (header == null) {
            throw new DataException(name, -1, null, "expected a header line, got an empty file");
        }
        return new CsvFile(name, header, records, lines.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The file name used in error messages. */
    String name() {
        return name;
    }

    List<String> header() {
        return header;
    }

    int size() {
        return records.size();
    }

    /** The 1-based line record {@code r} starts on. */
    int line(int r) {
        return lines[r];
    }

    String cell(int r, int c) {
        return records.get(r)[c];
    }

    /**
     * Checks the header is exactly {@code expected} (after trimming).
     *
     * @throws DataException naming the file and line 1 otherwise
     */
    void requireHeader(String... expected) {
        List<String> trimmed = header.stream().map(String::trim).toList();
        if (!trimmed.equals(Arrays.asList(expected))) {
            throw new DataException(name, 1, null, "expected header '" + String.join(",", expected)
                    + "', got '" + shorten(String.join(",", header)) + "'");
        }
    }

    /**
     * Parses a number that is finite as a float (the engine computes in float, so 1e39 is as bad as
     * Infinity), or throws naming file, line and column.
     */
    double number(int r, int c) {
        String text = cell(r, c).trim();
        if (isNonFinite(text)) {
            throw error(r, c, "expected a finite number, got '" + shorten(cell(r, c)) + "'");
        }
        double value = parseDecimal(text);
        if (Double.isNaN(value)) {
            throw error(r, c, "expected a number, got '" + shorten(cell(r, c)) + "'");
        }
        if (Math.abs(value) > Float.MAX_VALUE) { // e.g. 1e39: finite as a double, infinite as the engine's float
            throw error(r, c, "expected a finite number within the float range (up to 3.4e38), got '" + shorten(cell(r, c)) + "'");
        }
        return value;
    }

    /**
     * Parses a rating: a number as {@link #number} takes it, within the declared range, or throws
     * naming file, line and column, e.g. {@code expected a rating in [1, 5], got 7}.
     */
    double rating(int r, int c, RatingRange range) {
        double value = number(r, c);
        if (!range.contains(value)) {
            throw error(r, c, "expected a rating in " + range + ", got " + shorten(cell(r, c).trim()));
        }
        return value;
    }

    /** Parses a whole number (e.g. a Unix timestamp), or throws naming file, line and column. */
    long integer(int r, int c) {
        try {
            return Long.parseLong(cell(r, c).trim());
        } catch (NumberFormatException e) {
            throw error(r, c, "expected a whole number, got '" + shorten(cell(r, c)) + "'");
        }
    }

    /** An error at record {@code r}, column index {@code c} (named by its header). */
    DataException error(int r, int c, String what) {
        return new DataException(name, lines[r], shorten(header.get(c).trim()), what);
    }

    /** True if the text is a plain decimal number ("NaN", "Infinity", hex and "1f" are not): what the readers accept. */
    static boolean isDecimal(String text) {
        return !Double.isNaN(parseDecimal(text.trim()));
    }

    /**
     * Parses a plain decimal number: only digits, sign, point and exponent characters, in a form
     * {@link Double#parseDouble} accepts. Returns NaN for anything else. (A hand check rather than
     * a regular expression: it runs once per cell of ratings.csv.)
     */
    private static double parseDecimal(String text) {
        if (text.isEmpty()) {
            return Double.NaN;
        }
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (!((ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == '+' || ch == 'e' || ch == 'E')) {
                return Double.NaN;
            }
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** True if the text spells a non-finite value Java would parse: NaN or Infinity. */
    static boolean isNonFinite(String text) {
        return NON_FINITE.matcher(text.trim()).matches();
    }

    private static List<String> checkHeader(String name, int line, String[] fields) {
        if (Arrays.stream(fields).allMatch(CsvFile::isDecimal)) {
            throw new DataException(name, line, null, "expected a header line naming the columns, got the data row '"
                    + shorten(String.join(",", fields)) + "' (is the header missing?)");
        }
        List<String> header = new ArrayList<>();
        for (int c = 0; c < fields.length; c++) {
            String h = fields[c].trim();
            if (h.isEmpty()) {
                throw new DataException(name, line, String.valueOf(c + 1), "expected a column name in the header, got an empty one");
            }
            if (header.contains(h)) {
                throw new DataException(name, line, shorten(h), "expected unique column names, got '" + shorten(h) + "' twice");
            }
            header.add(h);
        }
        return header;
    }

    /** Decodes the whole file as UTF-8, failing on the first malformed byte with its line number. */
    private static String decodeStrictUtf8(Path path, String name) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new DataException(name, -1, null, "expected a file at " + path + ", found none");
        } catch (IOException e) {
            throw new DataException(name, -1, null, "could not read " + path + ": " + e.getMessage(), e);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int bad = in.position();
            int line = 1;
            for (int i = 0; i < bad; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new DataException(name, line, null, String.format(
                    "expected UTF-8 text, got the invalid byte 0x%02X (byte offset %d)", bytes[bad] & 0xFF, bad));
        }
        return out.flip().toString();
    }

    /** Character offsets where each line starts; lineStarts[0] = 0 is line 1. */
    private static int[] lineStarts(String text) {
        int[] starts = new int[16];
        int n = 0;
        starts[n++] = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                if (n == starts.length) {
                    starts = Arrays.copyOf(starts, n * 2);
                }
                starts[n++] = i + 1;
            }
        }
        return Arrays.copyOf(starts, n);
    }

    /** Skips the line ends of blank lines that precede a record (its reported start is before them). */
    private static int firstNonBlank(String text, long position) {
        int p = (int) position;
        while (p < text.length() && (text.charAt(p) == '\r' || text.charAt(p) == '\n')) {
            p++;
        }
        return p;
    }

    /** The 1-based line holding character {@code position}. */
    private static int lineOf(int[] lineStarts, long position) {
        int i = Arrays.binarySearch(lineStarts, (int) position);
        return i >= 0 ? i + 1 : -i - 1; // insertion point - 1 is the 0-based line
    }

    /** The message of the innermost cause, without exception class names: what Commons CSV said. */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.toString() : root.getMessage();
        return message.replaceFirst("^\\(startline \\d+\\)\\s*", "");
    }

    /** A cell as quoted in a one-line message: see {@link DataException#printable(String)}. */
    static String shorten(String text) {
        return DataException.printable(text);
    }

    /** Pulls "line N" out of a Commons CSV error message, or -1. */
    private static int lineOfMessage(String message) {
        if (message == null) {
            return -1;
        }
        java.util.regex.Matcher m = LINE_IN_MESSAGE.matcher(message);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }
}
