DROP TABLE package_owner_invitations;
