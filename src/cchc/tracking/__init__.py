"""Plan tracking (theo dõi thực hiện): reporting periods and the milestones of each task."""
