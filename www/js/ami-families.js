// The console's Quick Start operating systems: which catalog images belong
// to each (by AMI name), how the console names them, and the user name to
// log in with (AWS's documented default user of each distribution).

/** Quick Start tiles, in the console's order. */
export const QUICK_START = [
  { id: "amazon-linux-2023", tile: "Amazon Linux 2023", pattern: /^al2023-ami-2023\.[\d.]+-kernel-6\.1-/, name: "Amazon Linux 2023 AMI", user: "ec2-user" },
  { id: "amazon-linux-2", tile: "Amazon Linux 2", pattern: /^amzn2-ami-/, name: "Amazon Linux 2 AMI (HVM) - Kernel 5.10, SSD Volume Type", user: "ec2-user" },
  { id: "ubuntu-24.04", tile: "Ubuntu 24.04", pattern: /ubuntu-noble-24\.04/, name: "Ubuntu Server 24.04 LTS (HVM), SSD Volume Type", user: "ubuntu" },
  { id: "ubuntu-22.04", tile: "Ubuntu 22.04", pattern: /ubuntu-jammy-22\.04/, name: "Ubuntu Server 22.04 LTS (HVM), SSD Volume Type", user: "ubuntu" },
  { id: "debian-12", tile: "Debian 12", pattern: /^debian-12-/, name: "Debian 12 (HVM), SSD Volume Type", user: "admin" },
  { id: "rhel-9", tile: "Red Hat Enterprise Linux 9", pattern: /^RHEL-9/, name: "Red Hat Enterprise Linux 9 (HVM), SSD Volume Type", user: "ec2-user" },
  { id: "sles-15", tile: "SUSE Linux Enterprise Server 15", pattern: /^suse-sles-15/, name: "SUSE Linux Enterprise Server 15 SP6 (HVM), SSD Volume Type", user: "ec2-user" },
  { id: "windows-2022", tile: "Windows Server 2022", pattern: /^Windows_Server-2022-/, name: "Microsoft Windows Server 2022 Base", user: "Administrator" },
].map((family) => ({ ...family, freeTier: true }));

/** The Quick Start family of `image` (by its name), or a generic one. */
export function familyOf(image) {
  return QUICK_START.find((family) => family.pattern.test(image?.Name ?? "")) ??
    { id: "other", tile: "Other", name: image?.Name ?? "", user: "ec2-user", freeTier: false };
}
