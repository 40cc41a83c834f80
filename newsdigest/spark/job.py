"""The file to give ``spark-submit`` (it runs a file, not a module):

    spark-submit --master yarn … "$(python -c 'import newsdigest.spark.job as j; print(j.__file__)')" \
        --input /mnt/cc-news/2024-03.paths --output /mnt/out/2024-03 --format parquet

The arguments are ``newsdigest spark-run``'s; the master is the one spark-submit was given.
"""
import sys

from newsdigest.cli import main

if __name__ == "__main__":
    sys.exit(main(["spark-run", "--master", "submit", *sys.argv[1:]]))
