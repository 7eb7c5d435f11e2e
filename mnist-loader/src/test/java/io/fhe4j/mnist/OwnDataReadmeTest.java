package io.fhe4j.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The "Your own data" example of the README, run on small generated files. */
class OwnDataReadmeTest {
    @TempDir
    Path dir;

    @Test
    void csvExample() throws IOException {
        StringBuilder csv = new StringBuilder("sepal,petal,species\n");
        for (int i = 0; i < 10; i++) {
            csv.append(5 + i * 0.1).append(',').append(1 + i * 0.1).append(",setosa\n");
            csv.append(7 + i * 0.1).append(',').append(4 + i * 0.1).append(",versicolor\n");
        }
        Files.writeString(dir.resolve("iris.csv"), csv);
        Files.createDirectories(dir.resolve("run"));

        TabularDataset all = CsvReader.builder().labelColumn("species").build().read(dir.resolve("iris.csv"));
        TabularDataset.Split s = all.split(0.2, 42);
        Scaler scaler = Scaler.fit(s.train(), Scaler.Kind.MIN_MAX);
        scaler.save(dir.resolve("run/model.scaler"));
        int[] x = s.train().scaled(scaler).fixedPoint(8);
        int[] y = s.train().labels();

        assertEquals(List.of("setosa", "versicolor"), all.classNames());
        assertArrayEquals(new int[] {8, 8}, s.train().labelHistogram());
        assertEquals(16 * 2, x.length);
        assertEquals(16, y.length);
        double[] row = s.test().row(0);
        assertArrayEquals(scaler.transform(row), Scaler.load(dir.resolve("run/model.scaler")).transform(row));
    }

    @Test
    void imageFolderExample() throws IOException {
        for (String cls : new String[] {"one", "zero"}) {
            Files.createDirectories(dir.resolve("my-digits").resolve(cls));
            for (int i = 0; i < 5; i++) {
                BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
                for (int yy = 0; yy < 30; yy++) {
                    for (int xx = 0; xx < 40; xx++) {
                        boolean ink = cls.equals("one") ? Math.abs(xx - 20) < 3 : Math.abs(yy - 15) < 3;
                        img.setRGB(xx, yy, ink ? 0x000000 : 0xFFFFFF);
                    }
                }
                ImageIO.write(img, "png", dir.resolve("my-digits").resolve(cls).resolve(i + ".png").toFile());
            }
        }
        Dataset digits = ImageFolderReader.builder().size(28, 28).invert(true).build().read(dir.resolve("my-digits"));
        TrainValidation tv = StratifiedSplit.split(digits, 0.2, 42);
        assertEquals(28, digits.rows());
        assertArrayEquals(new int[] {4, 4}, tv.train().labelHistogram());
        assertEquals(0, digits.pixel(0, 0, 0));
        assertEquals(255, digits.pixel(0, 14, 14));
    }
}
