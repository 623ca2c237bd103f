from dpaportal.cli import main

main()
