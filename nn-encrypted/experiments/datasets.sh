#!/bin/sh
# Extracts the small public datasets that Debian's python3-sklearn package ships
# (sklearn/datasets/data/) into CSV files that mnist-loader's CsvReader reads:
# a header line f0,...,f(n-1),label, then one row per sample, the label last.
#
#   nn-encrypted/experiments/datasets.sh OUT_DIR
#
# Needs apt-get (download only: nothing is installed) and dpkg-deb. Writes
#   OUT_DIR/digits.csv         1797 x 64, 10 classes (8x8 images of handwritten digits, pixels 0..16)
#   OUT_DIR/wine.csv            178 x 13,  3 classes
#   OUT_DIR/breast_cancer.csv   569 x 30,  2 classes
#   OUT_DIR/iris.csv            150 x 4,   3 classes
# and OUT_DIR/SOURCES.txt (package version, the descriptions with their sources and citations).
#
# Provenance and terms: all four are UCI Machine Learning Repository datasets redistributed by scikit-learn
# (descr/*.rst in the package names their sources; Debian's copyright file lists no separate licence for
# sklearn/datasets/data, so they fall under the package's BSD-3-Clause stanza; Debian main):
#   digits: "Optical Recognition of Handwritten Digits", E. Alpaydin and C. Kaynak (1998), test part of the UCI set;
#   wine: "Wine", M. Forina et al. (PARVUS), donor S. Aeberhard;
#   breast_cancer: "Breast Cancer Wisconsin (Diagnostic)", W. H. Wolberg, W. N. Street, O. L. Mangasarian (1995);
#   iris: R. A. Fisher (1936).
# The UCI repository lists these datasets under CC BY 4.0 (as of this writing): cite the creators above.
# The CSVs are not committed (digits.csv is about 270 KB); rerun this script instead.
#
# Fashion-MNIST is not reachable from this (offline) machine: no Debian or Maven Central package ships it.
set -eu
out=${1:?usage: datasets.sh OUT_DIR}
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download python3-sklearn >/dev/null 2>&1)
deb=$(ls "$work"/python3-sklearn_*.deb)
dpkg-deb -x "$deb" "$work/x"
data=$(find "$work/x" -type d -path '*sklearn/datasets/data' | head -n 1)
descr="$data/../descr"

# sklearn's own files start with a line "n_samples,n_features,class names..." (not a CSV header).
convert() { # src(.csv or .csv.gz) dest
  case "$1" in
    *.gz) zcat "$1" ;;
    *) tail -n +2 "$1" ;;
  esac | awk -F, 'NR == 1 { h = ""; for (i = 1; i < NF; i++) h = h "f" (i - 1) ","; print h "label" } { print }' >"$2"
}
convert "$data/digits.csv.gz" "$out/digits.csv"
convert "$data/wine_data.csv" "$out/wine.csv"
convert "$data/breast_cancer.csv" "$out/breast_cancer.csv"
convert "$data/iris.csv" "$out/iris.csv"
{
  echo "Extracted by nn-encrypted/experiments/datasets.sh from $(basename "$deb")"
  echo "License of the package: see /usr/share/doc/python3-sklearn/copyright (BSD-3-Clause);"
  echo "datasets: UCI Machine Learning Repository (CC BY 4.0), creators and citations below."
  for d in digits wine_data breast_cancer iris; do
    echo; echo "==== $d"; cat "$descr/$d.rst"
  done
} >"$out/SOURCES.txt"
wc -l "$out"/*.csv
