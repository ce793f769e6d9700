DROP TABLE account_domain_blocks;
DROP TABLE mutes;
DROP TABLE blocks;
