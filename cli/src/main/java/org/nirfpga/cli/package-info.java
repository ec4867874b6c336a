/** The {@code nirfpga} command: one picocli class per subcommand. */
package org.nirfpga.cli;
