{
  "targets": [
    {
      "target_name": "gatehouse_dirs",
      "sources": ["dirs.c"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-ffp-contract=off"]
    }
  ]
}
