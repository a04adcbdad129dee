-- One database per subgraph (each subgraph owns its data). A new subgraph adds its line.
CREATE DATABASE shutter_users;
CREATE DATABASE shutter_profiles;
CREATE DATABASE shutter_follows;
CREATE DATABASE shutter_posts;
CREATE DATABASE shutter_comments;
CREATE DATABASE shutter_likes;
CREATE DATABASE shutter_notifications;
CREATE DATABASE shutter_calls;
