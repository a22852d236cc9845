set terminal pngcairo size 740,610 noenhanced font ",9"
set output 'scenario-4.png'
set multiplot layout 2,2 title "4. A new connection per request\nmedian of the runs on each bar, whiskers from min to max, linear scales from 0" font ",11"
unset key
set style fill solid 0.85 border -1
set grid ytics
set xtics scale 0 nomirror
set ytics nomirror
set border 3
$p1 << EOD
0 "httpd" 22331.6 21925.2 22742.9 8073150 "22,332"
1 "hello" 26470.3 24935.4 26940.9 2792796 "26,470"
2 "nginx" 22806.5 22593 23245.2 3835592 "22,806"
3 "blocking" 27058.2 26192.4 27331.5 12100096 "27,058"
EOD
set title "c=100, client ab"
set ylabel "Requests/s"
set lmargin 11
set xrange [-0.6:3.6]
set yrange [0:32797.7]
set ytics ("0" 0, "10k" 10000, "20k" 20000, "30k" 30000)
plot $p1 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p1 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using 1:5:7 with labels offset 0,0.8 font ',9'
$p2 << EOD
0 "httpd" 22592.1 21739.8 24010 8073150 "22,592"
1 "hello" 28161 26878.7 28846.3 2792796 "28,161"
2 "nginx" 23197.7 21757.8 23602.5 3835592 "23,198"
3 "blocking" 28135.4 26953.8 28596.3 12100096 "28,135"
EOD
set title "c=100, client http-close"
unset ylabel
set lmargin 8
set xrange [-0.6:3.6]
set yrange [0:34615.6]
set ytics ("0" 0, "10k" 10000, "20k" 20000, "30k" 30000)
plot $p2 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p2 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using 1:5:7 with labels offset 0,0.8 font ',9'
$p3 << EOD
0 "httpd" 25.5244 24.8796 25.9018 8073150 "25.5"
1 "hello" 13.8054 13.7511 17.1638 2792796 "13.8"
2 "nginx" 19.9937 19.7006 20.1779 3835592 "20.0"
3 "blocking" 13.0968 13.0807 13.1311 12100096 "13.1"
EOD
set title "c=100, client ab"
set ylabel "Server CPU/request (us)"
set lmargin 11
set xrange [-0.6:3.6]
set yrange [0:31.0821]
set ytics ("0" 0, "10" 10, "20" 20, "30" 30)
plot $p3 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p3 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p3 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p3 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p3 using 1:5:7 with labels offset 0,0.8 font ',9'
$p4 << EOD
0 "httpd" 25.6649 24.73 26.8521 8073150 "25.7"
1 "hello" 13.6333 13.4464 14.5057 2792796 "13.6"
2 "nginx" 21.2027 20.4182 22.2369 3835592 "21.2"
3 "blocking" 13.1471 12.8663 14.2432 12100096 "13.1"
EOD
set title "c=100, client http-close"
unset ylabel
set lmargin 8
set xrange [-0.6:3.6]
set yrange [0:32.2225]
set ytics ("0" 0, "10" 10, "20" 20, "30" 30)
plot $p4 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p4 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p4 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p4 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p4 using 1:5:7 with labels offset 0,0.8 font ',9'
unset multiplot
