package io.fhe4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.fhe4j.nn.encrypted.SliceProducts;
import io.fhe4j.party.ProductsCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The server command finds Spark through {@link ServiceLoader} when this module is on the class path. */
class SparkClusterTest {
  @Test
  void theServiceLoaderFindsSparkAndConnectsToTheMaster() {
    List<ProductsCluster> found = new ArrayList<>();
    ServiceLoader.load(ProductsCluster.class).forEach(found::add);
    assertEquals(1, found.size(), "one cluster provider: " + found);
    assertInstanceOf(SparkCluster.class, found.get(0));
    try (SliceProducts p = found.get(0).connect("local[1]")) {
      SparkProducts spark = assertInstanceOf(SparkProducts.class, p);
      assertEquals("local[1]", spark.spark().master());
      assertEquals("Spark local[1]", p.toString());
    }
  }
}
