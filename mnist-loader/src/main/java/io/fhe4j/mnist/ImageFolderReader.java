package io.fhe4j.mnist;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads a folder of images, one sub-folder per class, into a {@link Dataset} the trainers take unchanged.
 *
 * <pre>{@code
 * Dataset digits = ImageFolderReader.builder().size(14, 14).build().read(Path.of("my-digits"));
 * // my-digits/cat/*.png, my-digits/dog/*.jpg: classes 0 = "cat", 1 = "dog" (sub-folder names, sorted)
 * }</pre>
 *
 * <p>Classes are the sub-folders (hidden ones skipped) in name order, 2..256 of them; {@link #classNames(Path)}
 * lists them. Each holds PNG or JPEG files ({@code .png .jpg .jpeg}, any case), read in name order; other files are
 * ignored. Each image is decoded by {@code javax.imageio}, turned to gray with the Rec. 601 luma
 * {@code (299 R + 587 G + 114 B + 500) / 1000} (transparent pixels over black; gray images taken as they are),
 * optionally inverted ({@code 255 - v}: for dark ink on a light background, since a {@link Dataset}'s 0 is the
 * background), and resized to the chosen size by exact area averaging (the rule of {@link Dataset#downsample},
 * which also enlarges). Without a chosen size every image must have the size of the first.
 *
 * <p>The input is treated as hostile: the image count, each file's bytes and each image's announced width and
 * height are checked before the image is decoded. Errors are {@link MalformedImageException} (naming the image),
 * {@link TooFewClassesException} or {@link DataTooLargeException}. Immutable and thread-safe.
 */
public final class ImageFolderReader {
    private final int rows;
    private final int cols;
    private final boolean invert;
    private final int maxImages;
    private final long maxFileBytes;
    private final long maxPixels;

    private ImageFolderReader(Builder b) {
        this.rows = b.rows;
        this.cols = b.cols;
        this.invert = b.invert;
        this.maxImages = b.maxImages;
        this.maxFileBytes = b.maxFileBytes;
        this.maxPixels = b.maxPixels;
    }

    /** A builder with the defaults: images kept at their size, not inverted. */
    public static Builder builder() {
        return new Builder();
    }

    /** The class names of a folder: its non-hidden sub-folders in name order; label {@code c} is element c. */
    public static List<String> classNames(Path root) {
        List<String> out = new ArrayList<>();
        for (Path p : sorted(root, true)) {
            out.add(p.getFileName().toString());
        }
        return out;
    }

    /**
     * Reads every image under {@code root}.
     *
     * @throws DataNotFoundException   if {@code root} does not exist
     * @throws MalformedImageException  if an image cannot be decoded, sizes differ, or a class folder is empty
     * @throws TooFewClassesException   if there are fewer than two class folders
     * @throws DataTooLargeException    if a bound is exceeded
     */
    public Dataset read(Path root) {
        if (!Files.isDirectory(root)) {
            if (!Files.exists(root)) {
                throw new DataNotFoundException(root + " does not exist; give a folder with one sub-folder of"
                        + " images per class");
            }
            throw new MalformedImageException(root + " is not a folder; give a folder with one sub-folder of"
                    + " images per class");
        }
        List<Path> classes = sorted(root, true);
        if (classes.size() < 2) {
            throw new TooFewClassesException(root + " has " + classes.size() + " class sub-folder"
                    + (classes.size() == 1 ? " (" + classes.get(0).getFileName() + ")" : "s") + "; put the images"
                    + " of each class into its own sub-folder, at least two");
        }
        if (classes.size() > 256) {
            throw new DataTooLargeException(root + " has " + classes.size() + " class sub-folders; at most 256");
        }
        List<Path> files = new ArrayList<>();
        List<Integer> fileLabels = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            int before = files.size();
            for (Path f : sorted(classes.get(c), false)) {
                if (isImageName(f)) {
                    if (files.size() == maxImages) {
                        throw new DataTooLargeException(root + " holds more than " + maxImages + " images; raise"
                                + " the limit with maxImages(...) if that is intended");
                    }
                    files.add(f);
                    fileLabels.add(c);
                }
            }
            if (files.size() == before) {
                throw new MalformedImageException(classes.get(c) + " (class " + c + ") holds no PNG or JPEG"
                        + " images; every class folder needs at least one .png, .jpg or .jpeg file");
            }
        }
        int outRows = rows;
        int outCols = cols;
        byte[] pixels = null;
        byte[] labels = new byte[files.size()];
        Path firstImage = files.get(0);
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            BufferedImage img = decode(f);
            int h = img.getHeight();
            int w = img.getWidth();
            if (pixels == null) {
                if (rows == 0) {
                    outRows = h;
                    outCols = w;
                }
                long total = (long) files.size() * outRows * outCols;
                if (total > Integer.MAX_VALUE - 8) {
                    throw new DataTooLargeException(root + ": " + files.size() + " images of " + outRows + "x"
                            + outCols + " are " + total + " pixels, more than one array holds; choose a smaller"
                            + " size(...)");
                }
                pixels = new byte[(int) total];
            } else if (rows == 0 && (h != outRows || w != outCols)) {
                throw new MalformedImageException(f + " is " + h + "x" + w + " (rows x columns) but " + firstImage
                        + " is " + outRows + "x" + outCols + "; images of different sizes need a chosen resolution:"
                        + " size(rows, cols)");
            }
            byte[] gray = gray(img);
            byte[] resized = (h == outRows && w == outCols) ? gray
                    : Preprocess.downsample(gray, 1, h, w, outRows, outCols);
            System.arraycopy(resized, 0, pixels, i * outRows * outCols, outRows * outCols);
            labels[i] = (byte) (int) fileLabels.get(i);
        }
        return new Dataset(pixels, labels, outRows, outCols, classes.size());
    }

    private BufferedImage decode(Path f) {
        try {
            long bytes = Files.size(f);
            if (bytes > maxFileBytes) {
                throw new DataTooLargeException(f + " is " + bytes + " bytes, more than the limit " + maxFileBytes
                        + "; raise it with maxFileBytes(...) or shrink the image");
            }
            if (!Files.isReadable(f)) {
                throw new MalformedImageException(f + " cannot be read (no read permission); make it readable or"
                        + " remove it");
            }
            if (bytes == 0) {
                throw new MalformedImageException(f + " is empty (0 bytes); remove it or replace it with the image");
            }
            try (ImageInputStream in = ImageIO.createImageInputStream(f.toFile())) {
                Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
                if (readers == null || !readers.hasNext()) {
                    throw new MalformedImageException(f + " is not a PNG or JPEG image that javax.imageio can"
                            + " decode (its content is not recognised); remove it or convert it");
                }
                ImageReader reader = readers.next();
                try {
                    reader.setInput(in, true, true);
                    int w = reader.getWidth(0);
                    int h = reader.getHeight(0);
                    if (w < 1 || h < 1 || (long) w * h > maxPixels) {
                        throw new DataTooLargeException(f + " announces " + w + "x" + h + " pixels, more than the"
                                + " limit " + maxPixels + " (or empty); raise it with maxPixels(...) or shrink the"
                                + " image");
                    }
                    BufferedImage img = reader.read(0);
                    if (img == null) {
                        throw new MalformedImageException(f + " decodes to no image; remove it or convert it");
                    }
                    return img;
                } finally {
                    reader.dispose();
                }
            }
        } catch (MalformedImageException | DataTooLargeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new MalformedImageException(f + " cannot be decoded as a " + format(f) + " image (" + e + ");"
                    + " the file is damaged or not what its name says: remove it or convert it", e);
        }
    }

    private byte[] gray(BufferedImage img) {
        int h = img.getHeight();
        int w = img.getWidth();
        byte[] out = new byte[h * w];
        boolean byteGray = img.getType() == BufferedImage.TYPE_BYTE_GRAY;
        int[] rgb = new int[w];
        for (int y = 0; y < h; y++) {
            if (byteGray) {
                for (int x = 0; x < w; x++) {
                    out[y * w + x] = (byte) img.getRaster().getSample(x, y, 0);
                }
            } else {
                img.getRGB(0, y, w, 1, rgb, 0, w);
                for (int x = 0; x < w; x++) {
                    int p = rgb[x];
                    int a = p >>> 24;
                    int luma = (299 * ((p >> 16) & 0xFF) + 587 * ((p >> 8) & 0xFF) + 114 * (p & 0xFF) + 500) / 1000;
                    out[y * w + x] = (byte) ((luma * a + 127) / 255);
                }
            }
            if (invert) {
                for (int x = 0; x < w; x++) {
                    out[y * w + x] = (byte) (255 - (out[y * w + x] & 0xFF));
                }
            }
        }
        return out;
    }

    private static String format(Path f) {
        return f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png") ? "PNG" : "JPEG";
    }

    private static boolean isImageName(Path f) {
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        return (n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg")) && !n.startsWith(".")
                && Files.isRegularFile(f);
    }

    /** The non-hidden entries of a folder that are (or are not) folders, sorted by name. */
    private static List<Path> sorted(Path dir, boolean folders) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                if (!p.getFileName().toString().startsWith(".")
                        && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) == folders) {
                    out.add(p);
                }
            }
        } catch (NoSuchFileException e) {
            throw new DataNotFoundException(dir + " does not exist; give a folder with one sub-folder of images per"
                    + " class");
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": " + e.getMessage(), e);
        }
        Path[] a = out.toArray(new Path[0]);
        Arrays.sort(a, (x, y) -> x.getFileName().toString().compareTo(y.getFileName().toString()));
        return Arrays.asList(a);
    }

    /** Collects the options; each setter validates its argument. Not thread-safe. */
    public static final class Builder {
        private int rows;
        private int cols;
        private boolean invert;
        private int maxImages = 1_000_000;
        private long maxFileBytes = 32L << 20;
        private long maxPixels = 1L << 25;

        private Builder() {
        }

        /** Resize every image to {@code rows x cols} (1..4096 each); by default sizes must agree. */
        public Builder size(int rows, int cols) {
            if (rows < 1 || cols < 1 || rows > 4096 || cols > 4096) {
                throw new IllegalArgumentException("size must be 1..4096 x 1..4096, got " + rows + "x" + cols);
            }
            this.rows = rows;
            this.cols = cols;
            return this;
        }

        /** Invert gray values ({@code 255 - v}): for dark ink on a light background. */
        public Builder invert(boolean invert) {
            this.invert = invert;
            return this;
        }

        /** At most this many images (default 1,000,000). */
        public Builder maxImages(int images) {
            if (images < 1) {
                throw new IllegalArgumentException("maxImages must be >= 1, got " + images);
            }
            this.maxImages = images;
            return this;
        }

        /** At most this many bytes an image file (default 32 MiB). */
        public Builder maxFileBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxFileBytes must be >= 1, got " + bytes);
            }
            this.maxFileBytes = bytes;
            return this;
        }

        /** At most this many pixels an image, as its header announces (default 2^25, 128 MiB decoded). */
        public Builder maxPixels(long pixels) {
            if (pixels < 1 || pixels > 1L << 28) {
                throw new IllegalArgumentException("maxPixels must be 1..2^28, got " + pixels);
            }
            this.maxPixels = pixels;
            return this;
        }

        /** The reader. */
        public ImageFolderReader build() {
            return new ImageFolderReader(this);
        }
    }
}
