package io.fhe4j.party;

/** What {@code train --data} names ({@link TrainOptions#dataKind()}). */
public enum DataKind {
  /** MNIST (the default sources, or a folder of its IDX files, checked by their SHA-256 sums). */
  MNIST,
  /** A CSV or TSV file: numeric features and a label column. */
  CSV,
  /** A folder with one sub-folder of images per class. */
  IMAGES,
  /** A folder of IDX files under MNIST's names that are not MNIST's ({@code --unverified}). */
  IDX
}
