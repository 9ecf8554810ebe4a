//! Address allocation: private IPv4 addresses from a subnet's range and
//! auto-assigned public IPv4 addresses from Amazon's pools.

use super::vpc::Subnet;
use super::RegionState;
use crate::kernel::{ApiError, Context};
use std::net::Ipv4Addr;

/// First octets of Amazon's public IPv4 pools in us-east-1 (3.x, 18.x, 34.x,
/// 44.x, 52.x, 54.x); other regions draw from the same list in the sandbox.
const PUBLIC_POOLS: [u8; 6] = [3, 18, 34, 44, 52, 54];

impl RegionState {
    /// A public IPv4 address no one in the region holds.
    pub(super) fn allocate_public_ip(&mut self, ctx: &mut Context) -> Ipv4Addr {
        loop {
            let bits = ctx.ids.rng().next_u64();
            let pool = PUBLIC_POOLS[(bits % PUBLIC_POOLS.len() as u64) as usize];
            let [_, b, c, d, ..] = bits.to_be_bytes();
            // Avoid network and broadcast-looking host parts.
            let address = Ipv4Addr::new(pool, b, c, d.clamp(1, 254));
            if self.public_ips_in_use.insert(address) {
                return address;
            }
        }
    }

    /// Gives `address` back to the pool.
    pub(super) fn release_public_ip(&mut self, address: Ipv4Addr) {
        self.public_ips_in_use.remove(&address);
    }

    /// A free private address in `subnet`: a random start, then the next
    /// free one, so a nearly full subnet still allocates quickly.
    pub(super) fn allocate_private_ip(
        &mut self,
        ctx: &mut Context,
        subnet: &Subnet,
    ) -> Result<Ipv4Addr, ApiError> {
        let base = u32::from(subnet.cidr.network()) + 4;
        let count = u32::try_from(subnet.usable_addresses()).unwrap_or(0);
        if count == 0 {
            return Err(insufficient(subnet));
        }
        let start = u32::try_from(ctx.ids.rng().below(u64::from(count))).unwrap_or(0);
        let used = self
            .private_ips_in_use
            .entry(subnet.id.clone())
            .or_default();
        for step in 0..count {
            let address = Ipv4Addr::from(base + (start + step) % count);
            if used.insert(address) {
                return Ok(address);
            }
        }
        Err(insufficient(subnet))
    }

    /// Gives a private address back to its subnet.
    pub(super) fn release_private_ip(&mut self, subnet_id: &str, address: Ipv4Addr) {
        if let Some(used) = self.private_ips_in_use.get_mut(subnet_id) {
            used.remove(&address);
        }
    }
}

fn insufficient(subnet: &Subnet) -> ApiError {
    ApiError::new(
        "InsufficientFreeAddressesInSubnet",
        format!("There are not enough free addresses in subnet '{}' to satisfy the requested number of instances.", subnet.id),
    )
}
