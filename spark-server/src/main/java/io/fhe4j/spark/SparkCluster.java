package io.fhe4j.spark;

import io.fhe4j.nn.encrypted.SliceProducts;
import io.fhe4j.party.ProductsCluster;

/**
 * Apache Spark as the server's {@link ProductsCluster} ({@code server --master local[*]} or {@code
 * spark://host:7077}): found by {@link java.util.ServiceLoader} when this module is on the class
 * path. Stateless.
 */
public final class SparkCluster implements ProductsCluster {
  /** For {@link java.util.ServiceLoader}. */
  public SparkCluster() {}

  @Override
  public SliceProducts connect(String master) {
    return SparkProducts.connect(master);
  }
}
