package io.fhe4j.mnist;

import static io.fhe4j.mnist.IdxFiles.concat;
import static io.fhe4j.mnist.IdxFiles.gzip;
import static io.fhe4j.mnist.IdxFiles.header;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Hostile IDX files: whatever the header declares, the reader allocates in proportion to the bytes
 * present, and stops reading soon after the data.
 */
class IdxReaderBoundsTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    /** The fixed buffers (buffered and gzip streams, the first body chunk) and the exception. */
    private static final long FIXED = 1 << 20;
    /** IdxReader.MAX_TRAILING_SCAN. */
    private static final int SCAN = 1 << 16;

    private static long allocatedBy(Runnable r) {
        long id = Thread.currentThread().getId();
        long a0 = THREADS.getThreadAllocatedBytes(id);
        r.run();
        return THREADS.getThreadAllocatedBytes(id) - a0;
    }

    private static void truncatedCheaply(Supplier<InputStream> file, long present, boolean images) {
        Runnable read = () -> assertThrows(TruncatedFileException.class, () -> {
            if (images) {
                IdxReader.readImages(file.get(), "forged.idx");
            } else {
                IdxReader.readLabels(file.get(), "forged.idx", 10);
            }
        });
        read.run(); // classes loaded
        long bytes = allocatedBy(read);
        assertTrue(bytes <= FIXED + 4 * present, bytes + " bytes allocated for " + present + " bytes present");
    }

    @Test
    void forgedCountsAllocateOnlyWhatThePresentBytesBack() {
        // 100000 images of 28x28 (78 MB) declared, 100 bytes present; 2^31 - 9 labels declared, 10 present
        byte[] images = concat(header(IdxReader.IMAGES_MAGIC, 100_000, 28, 28), new byte[100]);
        byte[] labels = concat(header(IdxReader.LABELS_MAGIC, Integer.MAX_VALUE - 8), new byte[10]);
        truncatedCheaply(() -> new ByteArrayInputStream(images), images.length, true);
        truncatedCheaply(() -> new ByteArrayInputStream(gzip(images)), images.length, true);
        truncatedCheaply(() -> new ByteArrayInputStream(labels), labels.length, false);
        // 5 MB present of the 78 MB declared: the buffer grows with the data, not to the declared size
        byte[] partial = concat(header(IdxReader.IMAGES_MAGIC, 100_000, 28, 28), new byte[5 << 20]);
        truncatedCheaply(() -> new ByteArrayInputStream(partial), partial.length, true);
    }

    /** An endless run of zero bytes, counting what is read of it. */
    private static final class Endless extends InputStream {
        long read;

        @Override
        public int read() {
            read++;
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            java.util.Arrays.fill(b, off, off + len, (byte) 0);
            read += len;
            return len;
        }
    }

    @Test
    void anEndlessStreamAfterTheDataEndsTheRead() {
        Endless tail = new Endless();
        byte[] labels = IdxFiles.labels(new byte[] {1, 2, 3});
        InputStream in = new java.io.SequenceInputStream(new ByteArrayInputStream(labels), tail);
        // a reader that counted all trailing bytes would never return: give up after 10 s
        var e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(TrailingBytesException.class, () -> IdxReader.readLabels(in, "joined.idx", 10)));
        assertTrue(e.getMessage().contains("more than " + SCAN + " more bytes"), e.getMessage());
        assertTrue(tail.read <= 2L * SCAN + (1 << 16), tail.read + " trailing bytes read");
    }

    @Test
    void aGzipBombAfterTheDataEndsTheRead() {
        byte[] bomb = gzip(concat(IdxFiles.labels(new byte[] {1, 2, 3}), new byte[32 << 20])); // 32 MB of zeros, ~32 KB
        TrailingBytesException[] e = new TrailingBytesException[1];
        long bytes = allocatedBy(() -> e[0] = assertThrows(TrailingBytesException.class,
                () -> IdxReader.readLabels(new ByteArrayInputStream(bomb), "bomb.idx.gz", 10)));
        assertTrue(bytes <= FIXED + 4L * bomb.length, bytes + " bytes allocated");
        // the reader stopped counting after the scan limit instead of inflating all 32 MB
        assertTrue(e[0].getMessage().contains("more than " + SCAN + " more bytes"), e[0].getMessage());
    }
}
